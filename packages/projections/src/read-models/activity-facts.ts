/**
 * Task activity as facts (issue 18 §1): each activity event is mapped to its slot once, when it is
 * projected, and each slot keeps its aggregate state with the instants at which it changed, so that
 * the scoring queries read "as of T" as a filter instead of re-deriving, on every call, which
 * assignment each of ~700k events belongs to.
 *
 * The slot of an event (task stream, unit, `slot_pos`) is the latest acquisition or release of that
 * (task, unit) before it in the log: a TaskDefined or TaskAssigned naming the unit, or a
 * TaskReassigned from or to it. It never changes once projected, because everything projected later
 * has a higher position. At an instant T the event belongs to the assignment interval that starts at
 * `slot_pos` whenever the slot's own event counts at T (its occurredAt and knowledge time ≤ T): then
 * the latest visible slot before it is that one (sql/assignments.ts uses that; pairs where it does
 * not hold take the exact range join, see `slowPairs` there).
 *
 * `rm_activity_states` holds, per slot, one row per instant at which its aggregate changed:
 * `valid_from` is the instant from which the events it sums all count by their own times
 * (greatest(occurred_at, known_at)), `valid_to` the next such instant. The aggregates are those of
 * the assignment query's act_agg (completion, reopening, returns, the last product step, excuse,
 * quarters with progress), kept as parts that combine across the intervals of a chain. Events listed
 * by a knowledge claim, and any position cut below `max_pos`, are answered by the exact path.
 * A range of new events recomputes only the slots they fall in (DELETE, then INSERT of those slots).
 */
import { ACTIVITY_TYPES, TASK_ACTIVITY } from '../sql/fragments.ts';
import type { FactTable } from './fact-tables.ts';

/** The events that acquire or release a (task, unit) slot, with the instant from which each counts by its own times. */
const SLOT_EVENTS = `
  SELECT task_stream, unit_id, position, greatest(occurred_at, known_at) AS vis_since FROM rm_task_units
  UNION ALL SELECT task_stream, from_unit, position, greatest(occurred_at, known_at) FROM rm_task_reassignments
  UNION ALL SELECT task_stream, to_unit, position, greatest(occurred_at, known_at) FROM rm_task_reassignments`;

const PROGRESS_TYPES = `('ProgressReported', 'ProductSubmitted', 'TaskCompleted')`;
const PRODUCT_STEPS = `('ProductSubmitted', 'ProductReturned', 'TaskCompleted', 'TaskReopened')`;

export const ACTIVITY_FACT_TABLES: readonly FactTable[] = [
  {
    name: 'rm_activity',
    types: TASK_ACTIVITY,
    range: true,
    ddl: `CREATE TABLE IF NOT EXISTS rm_activity (task_stream VARCHAR NOT NULL, unit_id VARCHAR, type VARCHAR NOT NULL,
          slot_pos BIGINT, slot_vis_since TIMESTAMPTZ, task_year INTEGER, progress_quarter TINYINT,
          position BIGINT NOT NULL, event_id UUID NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, known_at TIMESTAMPTZ NOT NULL)`,
    // The task's year is that of its definition, which precedes any slot of it (a slot needs a defined task).
    // Most (task, unit) pairs have one slot event (their definition): a hash join finds it; the
    // others take an ASOF join to the latest slot before each event.
    fill: `INSERT INTO rm_activity
           WITH batch AS (
             SELECT stream_id, unit_id, type, global_position, event_id, occurred_at, coalesce(known_at, recorded_at) AS known_at
             FROM events WHERE global_position BETWEEN $1::BIGINT AND $2::BIGINT AND type IN ${ACTIVITY_TYPES}
           ),
           slots AS (SELECT * FROM (${SLOT_EVENTS}) s WHERE s.task_stream IN (SELECT stream_id FROM batch)),
           pairs AS (
             SELECT task_stream, unit_id, count(*) AS n, min(position) AS position, arg_min(vis_since, position) AS vis_since
             FROM slots GROUP BY task_stream, unit_id
           ),
           mapped AS (
             SELECT b.*, CASE WHEN p.position < b.global_position THEN p.position END AS slot_pos,
                    CASE WHEN p.position < b.global_position THEN p.vis_since END AS slot_vis_since
             FROM batch b LEFT JOIN pairs p ON p.task_stream = b.stream_id AND p.unit_id = b.unit_id
             WHERE p.n IS NULL OR p.n = 1
             UNION ALL
             SELECT b.*, s.position, s.vis_since
             FROM (SELECT b.* FROM batch b SEMI JOIN pairs p ON p.task_stream = b.stream_id AND p.unit_id = b.unit_id AND p.n > 1) b
             ASOF LEFT JOIN (SELECT s.* FROM slots s SEMI JOIN pairs p ON p.task_stream = s.task_stream AND p.unit_id = s.unit_id AND p.n > 1) s
               ON s.task_stream = b.stream_id AND s.unit_id = b.unit_id AND b.global_position > s.position
           ),
           years AS (SELECT task_stream, min(year) AS year FROM rm_tasks WHERE task_stream IN (SELECT stream_id FROM batch) GROUP BY task_stream)
           SELECT m.stream_id, m.unit_id, m.type, m.slot_pos, m.slot_vis_since, y.year,
                  CASE WHEN m.type IN ${PROGRESS_TYPES} AND year(cchc_local_date(m.occurred_at)) = y.year
                       THEN quarter(cchc_local_date(m.occurred_at)) END,
                  m.global_position, m.event_id, m.occurred_at, m.known_at
           FROM mapped m LEFT JOIN years y ON y.task_stream = m.stream_id`,
  },
  {
    name: 'rm_activity_states',
    types: TASK_ACTIVITY,
    range: true,
    lastPosition: 'max_pos',
    ddl: `CREATE TABLE IF NOT EXISTS rm_activity_states (task_stream VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, slot_pos BIGINT NOT NULL,
          slot_vis_since TIMESTAMPTZ NOT NULL, task_year INTEGER, valid_from TIMESTAMPTZ NOT NULL, valid_to TIMESTAMPTZ, max_pos BIGINT NOT NULL,
          last_complete STRUCT(p BIGINT, o TIMESTAMPTZ), last_reopen_pos BIGINT, returns BIGINT NOT NULL,
          last_step STRUCT(p BIGINT, t VARCHAR), flags UTINYINT NOT NULL,
          excused BOOLEAN GENERATED ALWAYS AS ((flags & 16) <> 0) VIRTUAL,
          p1 BOOLEAN GENERATED ALWAYS AS ((flags & 1) <> 0) VIRTUAL, p2 BOOLEAN GENERATED ALWAYS AS ((flags & 2) <> 0) VIRTUAL,
          p3 BOOLEAN GENERATED ALWAYS AS ((flags & 4) <> 0) VIRTUAL, p4 BOOLEAN GENERATED ALWAYS AS ((flags & 8) <> 0) VIRTUAL)`,
    fill: [
      `DELETE FROM rm_activity_states s USING (
         SELECT DISTINCT task_stream, unit_id, slot_pos FROM rm_activity
         WHERE position BETWEEN $1::BIGINT AND $2::BIGINT AND slot_pos IS NOT NULL) t
       WHERE s.task_stream = t.task_stream AND s.unit_id = t.unit_id AND s.slot_pos = t.slot_pos`,
      // One window, ordered by instant then position: of events of the same instant (peers) only the
      // last row has valid_to after valid_from; the others are empty intervals, left out.
      `INSERT INTO rm_activity_states
       WITH touched AS (
         SELECT DISTINCT task_stream, unit_id, slot_pos FROM rm_activity
         WHERE position BETWEEN $1::BIGINT AND $2::BIGINT AND slot_pos IS NOT NULL
       ),
       rows AS (
         SELECT a.*, greatest(a.occurred_at, a.known_at) AS vis_since
         FROM rm_activity a SEMI JOIN touched t USING (task_stream, unit_id, slot_pos)
       ),
       cumulative AS (
         SELECT task_stream, unit_id, slot_pos, slot_vis_since, task_year, vis_since AS valid_from,
           lead(vis_since) OVER (PARTITION BY slot_pos, unit_id ORDER BY vis_since, position) AS valid_to,
           max(position) OVER w AS max_pos,
           max(CASE WHEN type = 'TaskCompleted' THEN {'p': position, 'o': occurred_at} END) OVER w AS last_complete,
           max(CASE WHEN type = 'TaskReopened' THEN position END) OVER w AS last_reopen_pos,
           count(*) FILTER (WHERE type = 'ProductReturned') OVER w AS returns,
           max(CASE WHEN type IN ${PRODUCT_STEPS} THEN {'p': position, 't': type} END) OVER w AS last_step,
           -- Excused (16) and the quarters with progress (1, 2, 4, 8), one aggregate for the five.
           bit_or(CAST(CASE WHEN type = 'DelayExcused' THEN 16 ELSE 0 END
                       + CASE WHEN progress_quarter BETWEEN 1 AND 4 THEN 1 << (progress_quarter - 1) ELSE 0 END AS UTINYINT)) OVER w AS flags
         FROM rows
         -- The slot event is on one task stream: (slot_pos, unit_id) names the slot, and sorts faster.
       WINDOW w AS (PARTITION BY slot_pos, unit_id ORDER BY vis_since, position ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
       )
       SELECT * FROM cumulative WHERE valid_to IS NULL OR valid_to > valid_from
       ORDER BY task_stream`,
    ],
  },
];
