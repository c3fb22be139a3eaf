/**
 * The read models' fact tables: one row per relevant event, payload fields decoded into typed
 * columns, every row keeping its event's position, id and both instants so that any question can
 * be asked "as known at T". They are filled set-based from the `events` log table, one position
 * range at a time (see projection-engine.ts). High-volume task activity (started, progress,
 * submitted, returned, completed, reopened, excused) is not copied: its typed columns in `events`
 * are all scoring needs; `task_history` (views.ts) decodes it for reading.
 */

const COMMON = `position BIGINT NOT NULL, event_id UUID NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ NOT NULL`;
const COMMON_SELECT = `global_position, event_id, occurred_at, recorded_at`;
const s = (path: string) => `json_extract_string(data, '${path}')`;

export interface FactTable {
  readonly name: string;
  readonly ddl: string;
  /** INSERT … SELECT over `events` for `global_position BETWEEN $1 AND $2`. */
  readonly fill: string;
}

const RANGE = `global_position BETWEEN $1::BIGINT AND $2::BIGINT`;

export const FACT_TABLES: readonly FactTable[] = [
  {
    name: 'rm_plans',
    ddl: `CREATE TABLE IF NOT EXISTS rm_plans (plan_stream VARCHAR NOT NULL, plan_id VARCHAR NOT NULL, year INTEGER NOT NULL,
          title VARCHAR, decision_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_plans SELECT stream_id, ${s('$.planId')}, CAST(${s('$.year')} AS INTEGER), ${s('$.title')},
           ${s('$.decisionRef')}, ${COMMON_SELECT} FROM events WHERE ${RANGE} AND type = 'PlanIssued'`,
  },
  {
    name: 'rm_report_schedule',
    ddl: `CREATE TABLE IF NOT EXISTS rm_report_schedule (plan_id VARCHAR NOT NULL, year INTEGER NOT NULL, period VARCHAR NOT NULL,
          due DATE NOT NULL, ${COMMON})`,
    fill: `INSERT INTO rm_report_schedule SELECT plan_id, year, r.period, CAST(r.due AS DATE), ${COMMON_SELECT} FROM (
             SELECT ${s('$.planId')} AS plan_id, CAST(${s('$.year')} AS INTEGER) AS year,
                    unnest(json_transform(json_extract(data, '$.reportSchedule'), '[{"period": "VARCHAR", "due": "VARCHAR"}]')) AS r, ${COMMON_SELECT}
             FROM events WHERE ${RANGE} AND type = 'PlanIssued')`,
  },
  {
    name: 'rm_indicator_defs',
    ddl: `CREATE TABLE IF NOT EXISTS rm_indicator_defs (plan_id VARCHAR NOT NULL, year INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
          text VARCHAR, comparator VARCHAR, target DOUBLE, unit VARCHAR, direction VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_indicator_defs SELECT plan_id, year, i.id, i.text, i.comparator, i.target, i.unit, i.direction, ${COMMON_SELECT} FROM (
             SELECT ${s('$.planId')} AS plan_id, CAST(${s('$.year')} AS INTEGER) AS year,
                    -- json_transform (not CAST): optional keys such as direction may be absent.
                    unnest(json_transform(json_extract(data, '$.indicators'),
                           '[{"id": "VARCHAR", "text": "VARCHAR", "comparator": "VARCHAR", "target": "DOUBLE", "unit": "VARCHAR", "direction": "VARCHAR"}]')) AS i,
                    ${COMMON_SELECT}
             FROM events WHERE ${RANGE} AND type = 'PlanIssued')`,
  },
  {
    name: 'rm_tasks',
    ddl: `CREATE TABLE IF NOT EXISTS rm_tasks (task_stream VARCHAR NOT NULL, plan_id VARCHAR, year INTEGER NOT NULL, task_id VARCHAR NOT NULL,
          area VARCHAR NOT NULL, title VARCHAR, product VARCHAR, deadline_kind VARCHAR NOT NULL, deadline_due DATE,
          deadline_text VARCHAR, deadline_condition VARCHAR, deadline_cadence VARCHAR, lead_scope VARCHAR, coordinator_scope VARCHAR,
          added_mid_year BOOLEAN, ${COMMON})`,
    fill: `INSERT INTO rm_tasks SELECT stream_id, ${s('$.planId')}, CAST(${s('$.planYear')} AS INTEGER), ${s('$.taskId')}, ${s('$.area')},
           ${s('$.title')}, ${s('$.product')}, ${s('$.deadline.kind')}, TRY_CAST(${s('$.deadline.due')} AS DATE), ${s('$.deadline.text')},
           ${s('$.deadline.condition')}, ${s('$.deadline.cadence')}, ${s('$.leadScope')}, ${s('$.coordinatorScope')},
           coalesce(CAST(${s('$.addedMidYear')} AS BOOLEAN), false), ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type = 'TaskDefined'`,
  },
  {
    name: 'rm_task_units',
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_units (task_stream VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
          source VARCHAR NOT NULL, ${COMMON})`,
    fill: `INSERT INTO rm_task_units
           SELECT stream_id, unnest(CAST(json_extract(data, '$.lead') AS VARCHAR[])), 'lead', 'defined', ${COMMON_SELECT}
             FROM events WHERE ${RANGE} AND type = 'TaskDefined'
           UNION ALL
           SELECT stream_id, unnest(CAST(json_extract(data, '$.coordinators') AS VARCHAR[])), 'coordinator', 'defined', ${COMMON_SELECT}
             FROM events WHERE ${RANGE} AND type = 'TaskDefined'
           UNION ALL
           SELECT stream_id, ${s('$.unitId')}, ${s('$.role')}, 'assigned', ${COMMON_SELECT}
             FROM events WHERE ${RANGE} AND type = 'TaskAssigned'`,
  },
  {
    name: 'rm_task_reassignments',
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_reassignments (task_stream VARCHAR NOT NULL, from_unit VARCHAR NOT NULL, to_unit VARCHAR NOT NULL,
          role VARCHAR NOT NULL, reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_task_reassignments SELECT stream_id, ${s('$.unitId')}, ${s('$.toUnitId')}, ${s('$.role')}, ${s('$.reason')}, ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type = 'TaskReassigned'`,
  },
  {
    name: 'rm_deadline_sets',
    ddl: `CREATE TABLE IF NOT EXISTS rm_deadline_sets (task_stream VARCHAR NOT NULL, unit_id VARCHAR, due DATE NOT NULL, previous_due DATE,
          decision_ref VARCHAR, reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_deadline_sets SELECT stream_id, ${s('$.unitId')}, CAST(${s('$.due')} AS DATE), TRY_CAST(${s('$.previousDue')} AS DATE),
           ${s('$.decisionRef')}, ${s('$.reason')}, ${COMMON_SELECT} FROM events WHERE ${RANGE} AND type = 'DeadlineSet'`,
  },
  {
    name: 'rm_task_cancellations',
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_cancellations (task_stream VARCHAR NOT NULL, unit_id VARCHAR, reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_task_cancellations SELECT stream_id, ${s('$.unitId')}, ${s('$.reason')}, ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type = 'TaskCancelled'`,
  },
  {
    name: 'rm_units',
    ddl: `CREATE TABLE IF NOT EXISTS rm_units (unit_id VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR, parent_id VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_units SELECT ${s('$.unitId')}, ${s('$.name')}, ${s('$.kind')}, ${s('$.parentId')}, ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type = 'UnitEstablished'`,
  },
  {
    name: 'rm_unit_changes',
    ddl: `CREATE TABLE IF NOT EXISTS rm_unit_changes (unit_id VARCHAR NOT NULL, change VARCHAR NOT NULL, name VARCHAR, previous_name VARCHAR,
          into_unit_ids VARCHAR[], successor_id VARCHAR, decision_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_unit_changes
           SELECT ${s('$.unitId')}, CASE type WHEN 'UnitRenamed' THEN 'renamed' WHEN 'UnitMergedInto' THEN 'merged' ELSE 'split' END,
                  ${s('$.name')}, ${s('$.previousName')},
                  CASE type WHEN 'UnitMergedInto' THEN [${s('$.intoUnitId')}] WHEN 'UnitSplit' THEN CAST(json_extract(data, '$.intoUnitIds') AS VARCHAR[]) END,
                  CASE type WHEN 'UnitMergedInto' THEN ${s('$.intoUnitId')} WHEN 'UnitSplit' THEN ${s('$.assignmentsTo')} END,
                  ${s('$.decisionRef')}, ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type IN ('UnitRenamed', 'UnitMergedInto', 'UnitSplit')`,
  },
  {
    name: 'rm_reports',
    ddl: `CREATE TABLE IF NOT EXISTS rm_reports (unit_id VARCHAR NOT NULL, year INTEGER NOT NULL, period VARCHAR NOT NULL, report_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_reports SELECT ${s('$.unitId')}, CAST(${s('$.year')} AS INTEGER), ${s('$.period')}, ${s('$.reportRef')}, ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type = 'PeriodicReportSubmitted'`,
  },
  {
    name: 'rm_recognitions',
    ddl: `CREATE TABLE IF NOT EXISTS rm_recognitions (unit_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, level VARCHAR, sanction_kind VARCHAR,
          text VARCHAR, ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_recognitions
           SELECT ${s('$.unitId')}, CASE type WHEN 'InitiativeRecognised' THEN 'initiative' WHEN 'CriticismRecorded' THEN 'criticism' ELSE 'sanction' END,
                  ${s('$.level')}, ${s('$.kind')}, coalesce(${s('$.title')}, ${s('$.reason')}),
                  coalesce(${s('$.decisionRef')}, ${s('$.documentRef')}), ${COMMON_SELECT}
           FROM events WHERE ${RANGE} AND type IN ('InitiativeRecognised', 'CriticismRecorded', 'DisciplinarySanctionRecorded')`,
  },
  {
    name: 'rm_indicator_values',
    ddl: `CREATE TABLE IF NOT EXISTS rm_indicator_values (plan_stream VARCHAR NOT NULL, year INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
          value DOUBLE NOT NULL, period VARCHAR, unit_id VARCHAR, note VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_indicator_values SELECT stream_id, CAST(${s('$.planYear')} AS INTEGER), ${s('$.indicatorId')}, CAST(${s('$.value')} AS DOUBLE),
           ${s('$.period')}, ${s('$.unitId')}, ${s('$.note')}, ${COMMON_SELECT} FROM events WHERE ${RANGE} AND type = 'IndicatorMeasured'`,
  },
  {
    name: 'rm_rankings_published',
    ddl: `CREATE TABLE IF NOT EXISTS rm_rankings_published (ranking_stream VARCHAR NOT NULL, year INTEGER NOT NULL, plan_id VARCHAR,
          rulebook_id VARCHAR, rulebook_version INTEGER, as_of TIMESTAMPTZ, at_position BIGINT, inputs_hash VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_rankings_published SELECT stream_id, CAST(${s('$.year')} AS INTEGER), ${s('$.planId')}, ${s('$.rulebook.id')},
           CAST(${s('$.rulebook.version')} AS INTEGER), CAST(${s('$.asOf')} AS TIMESTAMPTZ), CAST(${s('$.position')} AS BIGINT), ${s('$.inputsHash')},
           ${COMMON_SELECT} FROM events WHERE ${RANGE} AND type = 'RankingPublished'`,
  },
];
