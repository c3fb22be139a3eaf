import { vis } from './fragments.ts';

/**
 * R-AS-KNOWN for the plan itself: the plan's amendments that count at (p_asof, p_pos), for one plan (all when
 * p_plan is NULL): tasks added mid-year, titles and products amended, deadlines set or moved by a
 * decision, tasks withdrawn. Each row keeps the decision (reference, date signed) and its event's
 * position, id and instants. The scoring macros see the same events through the same visibility
 * (an added task is a task of the plan from its knowledge time on; a deadline counts from its own).
 */
export const PLAN_AMENDMENTS_MACRO = `
CREATE OR REPLACE MACRO cchc_plan_amendments(p_asof, p_pos, p_plan := NULL) AS TABLE
WITH tasks AS (SELECT pt.task_stream, pt.plan_id, t.task_id, t.year FROM cchc_plan_tasks(p_asof, p_pos, p_plan := p_plan) pt
               JOIN rm_tasks t ON t.task_stream = pt.task_stream)
SELECT tk.plan_id, tk.year, tk.task_id, tk.task_stream, a.kind, a.decision_ref, a.decided_on, a.unit_id, a.title, a.previous_title,
       a.product, a.previous_product, a.due, a.previous_due, a.reason, a.position, a.event_id, a.occurred_at, a.known_at, a.recorded_at
FROM tasks tk JOIN (
  SELECT 'task_added' AS kind, t.task_stream, t.decision_ref, t.decided_on, NULL::VARCHAR AS unit_id, t.title, NULL::VARCHAR AS previous_title,
         t.product, NULL::VARCHAR AS previous_product, t.deadline_due AS due, NULL::DATE AS previous_due, NULL::VARCHAR AS reason,
         t.position, t.event_id, t.occurred_at, t.known_at, t.recorded_at
    FROM rm_tasks t WHERE t.added_mid_year AND ${vis('t')}
  UNION ALL
  SELECT 'task_amended', m.task_stream, m.decision_ref, m.decided_on, NULL, m.title, m.previous_title, m.product, m.previous_product,
         NULL, NULL, m.reason, m.position, m.event_id, m.occurred_at, m.known_at, m.recorded_at
    FROM rm_task_amendments m WHERE ${vis('m')}
  UNION ALL
  SELECT 'deadline_set', d.task_stream, d.decision_ref, d.decided_on, d.unit_id, NULL, NULL, NULL, NULL, d.due, d.previous_due, d.reason,
         d.position, d.event_id, d.occurred_at, d.known_at, d.recorded_at
    FROM rm_deadline_sets d WHERE ${vis('d')}
  UNION ALL
  SELECT 'task_withdrawn', c.task_stream, c.decision_ref, c.decided_on, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.reason,
         c.position, c.event_id, c.occurred_at, c.known_at, c.recorded_at
    FROM rm_task_cancellations c WHERE c.unit_id IS NULL AND c.decision_ref IS NOT NULL AND ${vis('c')}
) a ON a.task_stream = tk.task_stream`;

/** A task's title and product as amended at (p_asof, p_pos): the last amendment that counts, else the plan's. */
export const TASK_TEXTS_MACRO = `
CREATE OR REPLACE MACRO cchc_task_texts(p_asof, p_pos) AS TABLE
SELECT t.task_stream,
       coalesce(arg_max(m.title, m.position) FILTER (WHERE m.title IS NOT NULL), any_value(t.title)) AS title,
       coalesce(arg_max(m.product, m.position) FILTER (WHERE m.product IS NOT NULL), any_value(t.product)) AS product
FROM rm_tasks t LEFT JOIN rm_task_amendments m ON m.task_stream = t.task_stream AND ${vis('m')}
GROUP BY t.task_stream`;
