/** Events recorded more than p_days after they occurred: who, what, how late. */
export const BACK_DATED_MACRO = `CREATE OR REPLACE MACRO cchc_back_dated(p_days) AS TABLE
   SELECT global_position AS position, stream_id, type, unit_id, task_id, actor, source,
          timezone('Asia/Ho_Chi_Minh', occurred_at) AS occurred_local, timezone('Asia/Ho_Chi_Minh', recorded_at) AS recorded_local,
          epoch(recorded_at - occurred_at) / 86400.0 AS days_late, event_id, hash
   FROM events WHERE recorded_at - occurred_at > to_days(CAST(p_days AS INTEGER))
   ORDER BY global_position`;
