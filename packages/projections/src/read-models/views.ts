import { DEFAULT_RULEBOOKS, rulebookYears } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';

/**
 * Analyst-facing views (docs/read-models.md): each is a macro of sql/ "as known now", or a plain
 * decoding of the fact tables and the log; nothing here is stored twice.
 */
const ALL = '9223372036854775807::BIGINT';

/**
 * A scoring macro "as known now", each plan year with the shipped default rulebook that covers it
 * (rankingRulebookFor); plans of a year no default covers are left out rather than scored on
 * another year's calendar. `yearOf` is the expression giving a row's plan year.
 */
const byPlanYear = (macro: (rb: string) => string, yearOf = 'year') =>
  DEFAULT_RULEBOOKS.map(
    (rb) => `${macro(`'${rulebookKey(rb)}'`)} WHERE ${yearOf} IN (${rulebookYears(rb).join(', ')})`,
  ).join('\n   UNION ALL ');

export const READ_MODEL_VIEWS: readonly string[] = [
  // Every event of every task stream, decoded; ProgressReported v1 ("45,5%") read as v2.
  `CREATE OR REPLACE VIEW task_history AS
   SELECT e.stream_id AS task_stream, e.task_id, e.unit_id, e.type, e.schema_version,
          timezone('Asia/Ho_Chi_Minh', e.occurred_at) AS occurred_local, timezone('Asia/Ho_Chi_Minh', e.recorded_at) AS recorded_local,
          e.occurred_at, e.recorded_at, e.known_at, timezone('Asia/Ho_Chi_Minh', e.known_at) AS known_local, e.actor, e.source,
          json_extract_string(e.metadata, '$.reason') AS entry_reason,
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

  `CREATE OR REPLACE VIEW assignment_status AS ${byPlanYear((rb) => `SELECT * FROM cchc_assignments(now(), ${ALL}, ${rb})`)}`,
  `CREATE OR REPLACE VIEW progress_by_area AS ${byPlanYear(
    (rb) => `SELECT a.* FROM cchc_progress_by_area(now(), ${ALL}, ${rb}) a`,
    '(SELECT any_value(p.year) FROM rm_plans p WHERE p.plan_id = a.plan_id)',
  )}`,
  `CREATE OR REPLACE VIEW report_timeliness AS ${byPlanYear((rb) => `SELECT * FROM cchc_report_items(now(), ${ALL}, ${rb})`)}`,
  `CREATE OR REPLACE VIEW indicators_vs_targets AS SELECT * FROM cchc_indicators(now(), ${ALL})`,

  // Units over time: established, renamed, merged into / split into, with the decisions.
  `CREATE OR REPLACE VIEW unit_lineage AS
   SELECT u.unit_id, u.name AS established_name, u.kind, u.parent_id,
          timezone('Asia/Ho_Chi_Minh', u.occurred_at) AS established_local,
          c.change, c.name AS new_name, c.previous_name, c.into_unit_ids, c.successor_id, c.decision_ref,
          timezone('Asia/Ho_Chi_Minh', c.occurred_at) AS changed_local, c.event_id AS change_event
   FROM rm_units u LEFT JOIN rm_unit_changes c USING (unit_id)
   ORDER BY u.unit_id, c.position NULLS FIRST`,

  `CREATE OR REPLACE VIEW back_dated_events AS SELECT * FROM cchc_back_dated(7)`,
  `CREATE OR REPLACE VIEW ranking_now AS ${byPlanYear((rb) => `SELECT * FROM cchc_ranking(now(), ${ALL}, ${rb})`)}`,
  `CREATE OR REPLACE VIEW rankings_published AS SELECT * FROM rm_rankings_published ORDER BY position`,
];
