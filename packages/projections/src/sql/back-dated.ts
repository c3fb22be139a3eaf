/**
 * For inspectors: every event entered late, by the store's own clock. Listed when it was recorded
 * more than p_days after it occurred (`back_dated`, by recorded_at: the true recording time), when
 * it is a backfill (`backfilled`: it carries a knownAt claim; a backfill of store format 1 carried
 * its claim in recorded_at and is recognised by its source), or when a KnowledgeClaimed lists it
 * (`claimed`, with the earliest claimed time and that claim). `days_late` is recorded − occurred.
 */
export const BACK_DATED_MACRO = `CREATE OR REPLACE MACRO cchc_back_dated(p_days) AS TABLE
   WITH claims AS (
     SELECT claimed_event_id AS event_id, min(claimed_known_at) AS claimed_known_at,
            arg_min(event_id, (claimed_known_at, position)) AS claim_event, arg_min(reason, (claimed_known_at, position)) AS claim_reason
     FROM rm_knowledge_claims GROUP BY claimed_event_id
   )
   SELECT e.global_position AS position, e.stream_id, e.type, e.unit_id, e.task_id, e.actor, e.source,
          timezone('Asia/Ho_Chi_Minh', e.occurred_at) AS occurred_local, timezone('Asia/Ho_Chi_Minh', e.recorded_at) AS recorded_local,
          timezone('Asia/Ho_Chi_Minh', e.known_at) AS known_local,
          epoch(e.recorded_at - e.occurred_at) / 86400.0 AS days_late,
          e.occurred_at, e.recorded_at, e.known_at, json_extract_string(e.metadata, '$.reason') AS reason,
          e.recorded_at - e.occurred_at > to_days(CAST(p_days AS INTEGER)) AS back_dated,
          e.known_at IS NOT NULL OR e.source = 'backfill' AS backfilled,
          c.event_id IS NOT NULL AS claimed, c.claimed_known_at, c.claim_event, c.claim_reason,
          e.event_id, e.hash
   FROM events e LEFT JOIN claims c ON c.event_id = e.event_id
   WHERE e.recorded_at - e.occurred_at > to_days(CAST(p_days AS INTEGER)) OR e.known_at IS NOT NULL OR e.source = 'backfill'
      OR c.event_id IS NOT NULL
   ORDER BY e.global_position`;
