import { vis } from './fragments.ts';

/**
 * Assignments and who holds them. A slot (task, unit) is acquired by definition, assignment or
 * reassignment and released by a reassignment away from it or onto it (replaced): one interval
 * [start_pos, end_pos) per acquisition. A reassignment continues the moved assignment under its
 * new holder, so an assignment is a chain of intervals from its root acquisition; the row whose
 * end_pos is NULL names its current holder. A reassignment from a unit holding nothing starts no
 * assignment.
 */
export const CHAINS_BODY = `
WITH RECURSIVE
plan_tasks AS (SELECT task_stream FROM cchc_plan_tasks(p_asof, p_pos, p_plan)),
reassign AS (SELECT * FROM rm_task_reassignments r WHERE ${vis('r')} AND (p_plan IS NULL OR r.task_stream IN (SELECT task_stream FROM plan_tasks))),
units AS (
  SELECT task_stream, unit_id, position, role, event_id FROM rm_task_units u
  WHERE ${vis('u')} AND (p_plan IS NULL OR u.task_stream IN (SELECT task_stream FROM plan_tasks))
),
-- Most slots are acquired once and never change hands: they skip the window and the recursion.
touched AS (
  SELECT task_stream, from_unit AS unit_id FROM reassign
  UNION SELECT task_stream, to_unit FROM reassign
  UNION SELECT task_stream, unit_id FROM units GROUP BY ALL HAVING count(*) > 1
),
simple AS (
  SELECT u.task_stream, u.unit_id AS origin_unit, u.position AS origin_pos, u.role, u.unit_id AS holder, u.position AS start_pos,
         NULL::BIGINT AS end_pos, u.event_id AS origin_event, [u.event_id] AS holder_events
  FROM units u ANTI JOIN touched t USING (task_stream, unit_id)
),
slots AS (
  SELECT task_stream, unit_id, position, 1 AS k, role, 'root' AS how, NULL::VARCHAR AS from_unit, event_id
    FROM units u SEMI JOIN touched t USING (task_stream, unit_id)
  UNION ALL SELECT task_stream, to_unit, position, 1, role, 'reassign', from_unit, event_id FROM reassign
  UNION ALL SELECT task_stream, from_unit, position, 0, NULL, NULL, NULL, event_id FROM reassign
  UNION ALL SELECT task_stream, to_unit, position, 0, NULL, NULL, NULL, event_id FROM reassign
),
intervals AS (
  SELECT task_stream, unit_id, position AS start_pos, next_pos AS end_pos, role, how, from_unit, event_id
  FROM (SELECT *, lead(position) OVER (PARTITION BY task_stream, unit_id ORDER BY position, k, role) AS next_pos FROM slots)
  WHERE k = 1
),
-- R-REORGANISATION: a merger or split moves assignments by reassignment; the chain carries their history along.
chains AS (
  SELECT task_stream, unit_id AS origin_unit, start_pos AS origin_pos, role, unit_id AS holder, start_pos, end_pos,
         event_id AS origin_event, [event_id] AS holder_events
    FROM intervals WHERE how = 'root'
  UNION ALL
  SELECT c.task_stream, c.origin_unit, c.origin_pos, c.role, i.unit_id, i.start_pos, i.end_pos, c.origin_event,
         list_append(c.holder_events, i.event_id)
    FROM chains c JOIN intervals i
      ON i.task_stream = c.task_stream AND i.how = 'reassign' AND i.from_unit = c.holder AND i.start_pos = c.end_pos
)
SELECT * FROM simple UNION ALL SELECT * FROM chains`;
export const CHAINS_MACRO = `CREATE OR REPLACE MACRO cchc_chains(p_asof, p_pos, p_plan := NULL) AS TABLE
${CHAINS_BODY}`;
