/**
 * Analyst-facing read models (docs/read-models.md): views "as known now" and table macros for
 * any instant. Plain SQL over the fact tables and the log; nothing here is stored twice.
 */
const ALL = '9223372036854775807::BIGINT';
const DEFAULT_RB = `'default-2025@1'`;

export const READ_MODEL_VIEWS: readonly string[] = [
  // Every event of every task stream, decoded; ProgressReported v1 ("45,5%") read as v2.
  `CREATE OR REPLACE VIEW task_history AS
   SELECT e.stream_id AS task_stream, e.task_id, e.unit_id, e.type, e.schema_version,
          timezone('Asia/Ho_Chi_Minh', e.occurred_at) AS occurred_local, timezone('Asia/Ho_Chi_Minh', e.recorded_at) AS recorded_local,
          e.occurred_at, e.recorded_at, e.actor, e.source,
          CASE WHEN e.type = 'ProgressReported' AND e.schema_version = 1
               THEN TRY_CAST(replace(replace(json_extract_string(e.data, '$.percent'), '%', ''), ',', '.') AS DOUBLE)
               ELSE TRY_CAST(json_extract_string(e.data, '$.percent') AS DOUBLE) END AS percent,
          json_extract_string(e.data, '$.note') AS note,
          json_extract_string(e.data, '$.reason') AS reason,
          TRY_CAST(json_extract_string(e.data, '$.due') AS DATE) AS due,
          json_extract_string(e.data, '$.decisionRef') AS decision_ref,
          json_extract_string(e.data, '$.productRef') AS product_ref,
          date_diff('day', e.occurred_at, e.recorded_at) AS days_recorded_after,
          e.global_position AS position, e.stream_revision, e.event_id, e.hash
   FROM events e WHERE starts_with(e.stream_id, 'task-')`,

  // Status of every current assignment, as known now (the macro cchc_assignments takes any instant).
  `CREATE OR REPLACE VIEW assignment_status AS SELECT * FROM cchc_assignments(now(), ${ALL}, ${DEFAULT_RB})`,

  // Lead assignments of each plan and area by Vietnamese status, at any instant.
  `CREATE OR REPLACE MACRO cchc_progress_by_area(p_asof, p_pos, p_rb) AS TABLE
   SELECT plan_id, area,
          count(*) AS assignments,
          count(*) FILTER (WHERE status = 'Hoàn thành đúng hạn') AS done_on_time,
          count(*) FILTER (WHERE status = 'Hoàn thành trễ hạn') AS done_late,
          count(*) FILTER (WHERE status = 'Quá hạn chưa hoàn thành') AS overdue,
          count(*) FILTER (WHERE status = 'Chờ xác nhận') AS awaiting_confirmation,
          count(*) FILTER (WHERE status = 'Đang thực hiện trong hạn') AS in_progress,
          count(*) FILTER (WHERE status = 'Không phát sinh') AS not_triggered,
          count(*) FILTER (WHERE status = 'Đã hủy') AS cancelled,
          avg(s ORDER BY task_stream, origin_pos) FILTER (WHERE scorable) AS mean_score
   FROM cchc_assignments(p_asof, p_pos, p_rb) WHERE role = 'lead'
   GROUP BY plan_id, area ORDER BY plan_id, list_position(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'], area)`,
  `CREATE OR REPLACE VIEW progress_by_area AS SELECT * FROM cchc_progress_by_area(now(), ${ALL}, ${DEFAULT_RB})`,

  // Periodic reports due so far, per unit: on time, late (working days), missing.
  `CREATE OR REPLACE VIEW report_timeliness AS SELECT * FROM cchc_report_items(now(), ${ALL}, ${DEFAULT_RB})`,

  // Each indicator's latest measured value against its target.
  `CREATE OR REPLACE MACRO cchc_indicators(p_asof, p_pos) AS TABLE
   WITH defs AS (SELECT * FROM rm_indicator_defs d WHERE d.position <= p_pos AND d.recorded_at <= p_asof AND d.occurred_at <= p_asof),
   vals AS (
     SELECT v.year, v.indicator_id, arg_max(v.value, v.occurred_at) AS value, max(v.occurred_at) AS measured_at,
            arg_max(v.period, v.occurred_at) AS period, count(*) AS measurements, arg_max(v.event_id, v.occurred_at) AS event_id
     FROM rm_indicator_values v WHERE v.position <= p_pos AND v.recorded_at <= p_asof AND v.occurred_at <= p_asof
     GROUP BY v.year, v.indicator_id
   )
   SELECT d.plan_id, d.year, d.indicator_id, d.text, d.comparator, d.target, d.unit, d.direction,
          v.value, v.period, timezone('Asia/Ho_Chi_Minh', v.measured_at) AS measured_local, v.measurements, v.event_id,
          CASE WHEN v.value IS NULL THEN NULL
               WHEN d.comparator = '>=' THEN v.value >= d.target WHEN d.comparator = '>' THEN v.value > d.target
               WHEN d.comparator = '=' THEN v.value = d.target WHEN d.comparator = '<=' THEN v.value <= d.target
               ELSE v.value < d.target END AS met
   FROM defs d LEFT JOIN vals v ON v.year = d.year AND v.indicator_id = d.indicator_id
   ORDER BY d.plan_id, d.indicator_id`,
  `CREATE OR REPLACE VIEW indicators_vs_targets AS SELECT * FROM cchc_indicators(now(), ${ALL})`,

  // Units over time: established, renamed, merged into / split into, with the decisions.
  `CREATE OR REPLACE VIEW unit_lineage AS
   SELECT u.unit_id, u.name AS established_name, u.kind, u.parent_id,
          timezone('Asia/Ho_Chi_Minh', u.occurred_at) AS established_local,
          c.change, c.name AS new_name, c.previous_name, c.into_unit_ids, c.successor_id, c.decision_ref,
          timezone('Asia/Ho_Chi_Minh', c.occurred_at) AS changed_local, c.event_id AS change_event
   FROM rm_units u LEFT JOIN rm_unit_changes c USING (unit_id)
   ORDER BY u.unit_id, c.position NULLS FIRST`,

  // Events recorded more than N days after they occurred (default 7): who, what, how late.
  `CREATE OR REPLACE MACRO cchc_back_dated(p_days) AS TABLE
   SELECT global_position AS position, stream_id, type, unit_id, task_id, actor, source,
          timezone('Asia/Ho_Chi_Minh', occurred_at) AS occurred_local, timezone('Asia/Ho_Chi_Minh', recorded_at) AS recorded_local,
          epoch(recorded_at - occurred_at) / 86400.0 AS days_late, event_id, hash
   FROM events WHERE recorded_at - occurred_at > to_days(CAST(p_days AS INTEGER))
   ORDER BY global_position`,
  `CREATE OR REPLACE VIEW back_dated_events AS SELECT * FROM cchc_back_dated(7)`,

  // The ranking as known now, and rankings published.
  `CREATE OR REPLACE VIEW ranking_now AS SELECT * FROM cchc_ranking(now(), ${ALL}, ${DEFAULT_RB})`,
  `CREATE OR REPLACE VIEW rankings_published AS SELECT * FROM rm_rankings_published ORDER BY position`,
];
