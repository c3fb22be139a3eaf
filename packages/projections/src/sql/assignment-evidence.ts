import { ACTIVITY_TYPES, knownEvents, vis } from './fragments.ts';

/**
 * Rows of a fact table that bear on one chain: those addressed to the whole task (no unit), and
 * those addressed to a unit while it held the chain.
 */
const taskOrHolderScoped = (table: string, a: string) => `
  SELECT m.task_stream, m.origin_unit, m.origin_pos, ${a}.position, ${a}.event_id FROM ${table} ${a} JOIN mine m USING (task_stream)
   WHERE ${a}.unit_id IS NULL AND ${vis(a)}
  UNION ALL
  SELECT c.task_stream, c.origin_unit, c.origin_pos, ${a}.position, ${a}.event_id FROM ${table} ${a} JOIN intervals c
      ON ${a}.task_stream = c.task_stream AND ${a}.unit_id = c.holder AND ${a}.position > c.start_pos AND (c.end_pos IS NULL OR ${a}.position < c.end_pos)
   WHERE ${a}.unit_id IS NOT NULL AND ${vis(a)}
`;

/**
 * The events behind one unit's current assignments, for `explain`: definition, holders, deadline
 * decisions, cancellations, the last completion, returns, excuses and progress (with its quarter).
 */
export const ASSIGNMENT_EVIDENCE_MACRO = `
CREATE OR REPLACE MACRO cchc_assignment_evidence(p_asof, p_pos, p_unit, p_plan := NULL) AS TABLE
WITH
chains AS (SELECT * FROM cchc_chains(p_asof, p_pos, p_plan := p_plan)),
mine AS (SELECT * FROM chains WHERE end_pos IS NULL AND holder = p_unit),
intervals AS (SELECT c.* FROM chains c SEMI JOIN mine m USING (task_stream, origin_unit, origin_pos)),
tasks AS (SELECT task_stream, year, event_id AS defined_event FROM rm_tasks t WHERE ${vis('t')}),
acts AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, e.type, e.global_position, e.occurred_at, e.event_id, t.year
  FROM ${knownEvents()} e JOIN intervals c
    ON e.stream_id = c.task_stream AND e.unit_id = c.holder
   AND e.global_position > c.start_pos AND (c.end_pos IS NULL OR e.global_position < c.end_pos)
  JOIN tasks t ON t.task_stream = c.task_stream
  WHERE e.type IN ${ACTIVITY_TYPES}
),
act_agg AS (
  SELECT task_stream, origin_unit, origin_pos,
    arg_max(event_id, global_position) FILTER (WHERE type = 'TaskCompleted') AS completed_event,
    list(event_id ORDER BY global_position) FILTER (WHERE type = 'ProductReturned') AS return_events,
    list(event_id ORDER BY global_position) FILTER (WHERE type = 'DelayExcused') AS excuse_events,
    list({'q': quarter(cchc_local_date(occurred_at)), 'event_id': event_id} ORDER BY global_position)
      FILTER (WHERE type IN ('ProgressReported', 'ProductSubmitted', 'TaskCompleted') AND year(cchc_local_date(occurred_at)) = year) AS progress
  FROM acts GROUP BY ALL
),
decisions AS (${taskOrHolderScoped('rm_deadline_sets', 'd')}),
cancels AS (${taskOrHolderScoped('rm_task_cancellations', 'x')})
SELECT m.task_stream, m.origin_unit, m.origin_pos, t.defined_event, m.holder_events,
  coalesce((SELECT list(d.event_id ORDER BY d.position) FROM decisions d WHERE d.task_stream = m.task_stream AND d.origin_unit = m.origin_unit AND d.origin_pos = m.origin_pos), []) AS deadline_events,
  coalesce((SELECT list(x.event_id ORDER BY x.position) FROM cancels x WHERE x.task_stream = m.task_stream AND x.origin_unit = m.origin_unit AND x.origin_pos = m.origin_pos), []) AS cancel_events,
  a.completed_event, coalesce(a.return_events, []) AS return_events, coalesce(a.excuse_events, []) AS excuse_events,
  coalesce(a.progress, []) AS progress
FROM mine m JOIN tasks t USING (task_stream) LEFT JOIN act_agg a USING (task_stream, origin_unit, origin_pos)`;
