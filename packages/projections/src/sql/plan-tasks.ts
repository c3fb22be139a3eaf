import { mayBelongToPlan, vis } from './fragments.ts';

/** The task streams of a plan (all when p_plan is NULL); a task without a plan id belongs to the first plan of its year. */
export const PLAN_TASKS_MACRO = `
CREATE OR REPLACE MACRO cchc_plan_tasks(p_asof, p_pos, p_plan := NULL) AS TABLE
WITH year_plans AS (SELECT year, min(plan_id) AS plan_id FROM rm_plans p WHERE ${vis('p')} GROUP BY year)
SELECT t.task_stream, coalesce(t.plan_id, yp.plan_id) AS plan_id
FROM rm_tasks t LEFT JOIN year_plans yp ON yp.year = t.year
WHERE ${vis('t')} AND ${mayBelongToPlan('t')} AND (p_plan IS NULL OR coalesce(t.plan_id, yp.plan_id) = p_plan)`;
