import { vis } from './fragments.ts';

/** Each indicator's latest measured value (by when it was measured) against its target, at any instant. */
export const INDICATORS_MACRO = `CREATE OR REPLACE MACRO cchc_indicators(p_asof, p_pos) AS TABLE
   WITH defs AS (SELECT * FROM rm_indicator_defs d WHERE ${vis('d')}),
   vals AS (
     SELECT v.year, v.indicator_id, arg_max(v.value, v.occurred_at) AS value, max(v.occurred_at) AS measured_at,
            arg_max(v.period, v.occurred_at) AS period, count(*) AS measurements, arg_max(v.event_id, v.occurred_at) AS event_id
     FROM rm_indicator_values v WHERE ${vis('v')}
     GROUP BY v.year, v.indicator_id
   )
   SELECT d.plan_id, d.year, d.indicator_id, d.text, d.comparator, d.target, d.unit, d.direction,
          v.value, v.period, timezone('Asia/Ho_Chi_Minh', v.measured_at) AS measured_local, v.measurements, v.event_id,
          CASE WHEN v.value IS NULL THEN NULL
               WHEN d.comparator = '>=' THEN v.value >= d.target WHEN d.comparator = '>' THEN v.value > d.target
               WHEN d.comparator = '=' THEN v.value = d.target WHEN d.comparator = '<=' THEN v.value <= d.target
               ELSE v.value < d.target END AS met
   FROM defs d LEFT JOIN vals v ON v.year = d.year AND v.indicator_id = d.indicator_id
   ORDER BY d.plan_id, d.indicator_id`;
