import { knownEvents, vis } from './fragments.ts';

const ASOF = '$1::TIMESTAMPTZ';
const POS = '$2::BIGINT';

/**
 * CTEs over ($1 asOf, $2 position, $3 plan id): `input_streams`, the streams a ranking reads, and
 * `read_events` (global_position, event_id, hash), the events it reads there and the claims about them.
 */
const withPopulation = (pop: string) => `RECURSIVE
     pop AS (${pop}),
     changes AS (SELECT unit_id, successor_id FROM rm_unit_changes c
                 WHERE ${vis('c', ASOF, POS)} AND change IN ('merged', 'split') AND successor_id IS NOT NULL),
     members AS (SELECT unit_id FROM pop UNION SELECT c.unit_id FROM members m JOIN changes c ON c.successor_id = m.unit_id),
     plan_year AS (SELECT any_value(year) AS year FROM rm_plans WHERE plan_id = $3),
     input_streams AS (
       SELECT plan_stream AS s FROM rm_plans WHERE plan_id = $3
       UNION SELECT task_stream FROM rm_tasks, plan_year
             WHERE plan_id = $3 OR (plan_id IS NULL AND rm_tasks.year = plan_year.year)
       UNION SELECT 'unit-' || unit_id FROM members
     ),
     stream_events AS (
       SELECT e.global_position, e.event_id, e.hash FROM ${knownEvents(ASOF, POS)} e
       WHERE e.stream_id IN (SELECT s FROM input_streams)
     ),
     claim_events AS (
       SELECT DISTINCT k.event_id FROM rm_knowledge_claims k SEMI JOIN stream_events x ON x.event_id = k.claimed_event_id
       WHERE k.position <= ${POS} AND k.occurred_at <= ${ASOF} AND k.known_at <= ${ASOF} AND k.claimed_known_at <= ${ASOF}
     ),
     read_events AS (
       SELECT * FROM stream_events
       UNION ALL SELECT global_position, event_id, hash FROM events WHERE event_id IN (SELECT event_id FROM claim_events)
     )`;

export const inputEventsCtes = withPopulation(`SELECT unit_id FROM cchc_population(${ASOF}, ${POS}, p_plan := $3)`);

/**
 * inputEventsCtes for a caller that already has the plan's population at ($1, $2) (the unit ids
 * of its ranking there, one row per unit of the population): $4 is their JSON list, not computed again.
 */
export const inputEventsCtesOfGivenPopulation = withPopulation(
  `SELECT unnest(from_json($4::VARCHAR, '["VARCHAR"]')) AS unit_id`,
);
