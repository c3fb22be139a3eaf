import { vis } from './fragments.ts';

/** R-POPULATION: the units ranked in each plan at the instant: established, not merged or split away, holding an assignment in it. */
export const populationBody = (chains: string) => `
WITH
ended AS (SELECT DISTINCT unit_id FROM rm_unit_changes c WHERE ${vis('c')} AND change IN ('merged', 'split')),
established AS (SELECT unit_id, arg_min(name, position) AS name FROM rm_units u WHERE ${vis('u')} GROUP BY unit_id),
renamed AS (SELECT unit_id, arg_max(name, position) AS name FROM rm_unit_changes c WHERE ${vis('c')} AND change = 'renamed' GROUP BY unit_id),
plans AS (SELECT plan_id, any_value(year) AS year FROM rm_plans p WHERE ${vis('p')} GROUP BY plan_id),
year_plans AS (SELECT year, min(plan_id) AS plan_id FROM plans GROUP BY year),
held AS (
  -- Current holders of an assignment (lead or coordinator, cancelled or not).
  SELECT DISTINCT coalesce(t.plan_id, yp.plan_id) AS plan_id, t.year, h.holder AS unit_id
  FROM ${chains} h
  JOIN rm_tasks t ON t.task_stream = h.task_stream AND ${vis('t')}
  LEFT JOIN year_plans yp ON yp.year = t.year
  WHERE h.end_pos IS NULL
)
SELECT h.plan_id, h.year, h.unit_id, coalesce(r.name, e.name) AS unit_name
FROM held h JOIN established e USING (unit_id) LEFT JOIN renamed r USING (unit_id)
WHERE h.unit_id NOT IN (SELECT unit_id FROM ended)
  AND h.plan_id IS NOT NULL AND (p_plan IS NULL OR h.plan_id = p_plan)`;
export const POPULATION_MACRO = `CREATE OR REPLACE MACRO cchc_population(p_asof, p_pos, p_plan := NULL) AS TABLE
${populationBody('cchc_chains(p_asof, p_pos, p_plan := p_plan)')}`;
