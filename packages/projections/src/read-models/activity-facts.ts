/**
 * Task activity as facts (issue 18 §1): each activity event is mapped to its slot once, when it is
 * projected, and kept with its instants, so that the scoring queries read "as of T" as a filter and
 * an aggregation per slot instead of re-deriving, on every call, which assignment each of ~700k
 * events belongs to by a range join over positions.
 *
 * The slot of an event (task stream, unit, `slot_pos`) is the latest acquisition or release of that
 * (task, unit) before it in the log: a TaskDefined or TaskAssigned naming the unit, or a
 * TaskReassigned from or to it. It never changes once projected, because everything projected later
 * has a higher position: a new range only appends rows. At an instant T the event belongs to the
 * assignment interval that starts at `slot_pos` whenever the slot's own event counts at T (its
 * occurredAt and knowledge time ≤ T, `slot_vis_since`): then the latest visible slot before it is
 * that one. sql/assignments.ts relies on that and answers the other (task, unit) pairs by the exact
 * range join (`slow_pairs` there).
 *
 * A per-slot table of cumulative states valid from one instant to the next (so that "as of T" needs
 * no aggregation) was built and measured first: its window over every activity event made the
 * rebuild 2-3× slower for a gain of ~3 % on the ranking of every plan (docs/performance.md).
 */
import { ACTIVITY_TYPES, TASK_ACTIVITY } from '../sql/fragments.ts';
import type { FactTable } from './fact-tables.ts';

/** The events that acquire or release a (task, unit) slot, with the instant from which each counts by its own times. */
const SLOT_EVENTS = `
  SELECT task_stream, unit_id, position, greatest(occurred_at, known_at) AS vis_since FROM rm_task_units
  UNION ALL SELECT task_stream, from_unit, position, greatest(occurred_at, known_at) FROM rm_task_reassignments
  UNION ALL SELECT task_stream, to_unit, position, greatest(occurred_at, known_at) FROM rm_task_reassignments`;

const PROGRESS_TYPES = `('ProgressReported', 'ProductSubmitted', 'TaskCompleted')`;

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
];
