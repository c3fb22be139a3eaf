/**
 * The read models' fact tables: one row per relevant event, payload fields decoded into typed
 * columns, every row keeping its event's position, id and both instants so that any question can
 * be asked "as known at T". They are filled set-based from the `events` log table, one position
 * range at a time (see projection-engine.ts): the range's relevant events are first copied once
 * into a temporary table (`rm_batch`), and each fact table reads from it, parsing each payload
 * once (json_transform into a struct). High-volume task activity (started, progress, submitted,
 * returned, completed, reopened, excused) is kept as typed columns mapped to its slot
 * (activity-facts.ts); `task_history` (views.ts) decodes it for reading.
 */

import type { DomainEventData, DomainEventType } from '@cchc/core';
import { ACTIVITY_FACT_TABLES } from './activity-facts.ts';
import { eventStruct, type StructOf } from './event-structs.ts';

/** Every row keeps its event's position, id and instants; `known_at` is when the office knew it (R-AS-KNOWN). */
const COMMON = `position BIGINT NOT NULL, event_id UUID NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ NOT NULL,
                known_at TIMESTAMPTZ NOT NULL`;
const COMMON_SELECT = `global_position, event_id, occurred_at, recorded_at, known_at`;

export interface FactTable {
  readonly name: string;
  /** The event types it is made of. */
  readonly types: readonly DomainEventType[];
  readonly ddl: string;
  /** INSERT … SELECT over the batch table `rm_batch` (or, with `range`, over the log between positions $1 and $2). */
  readonly fill: string;
  readonly range?: true;
}

/** Rows of the batch of one event type, with the payload parsed once into the struct `d` (event-structs.ts). */
const parsed = <T extends DomainEventType>(type: T, struct: StructOf<DomainEventData<T>>) =>
  `(SELECT *, json_transform(data, '${eventStruct(type, struct)}') AS d FROM rm_batch WHERE type = '${type}')`;

export const FACT_TABLES: readonly FactTable[] = [
  {
    name: 'rm_plans',
    types: ['PlanIssued'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_plans (plan_stream VARCHAR NOT NULL, plan_id VARCHAR NOT NULL, year INTEGER NOT NULL,
          title VARCHAR, decision_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_plans SELECT stream_id, d.planId, d.year, d.title, d.decisionRef, ${COMMON_SELECT}
           FROM ${parsed('PlanIssued', { planId: 'VARCHAR', year: 'INTEGER', title: 'VARCHAR', decisionRef: 'VARCHAR' })}`,
  },
  {
    name: 'rm_report_schedule',
    types: ['PlanIssued'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_report_schedule (plan_id VARCHAR NOT NULL, year INTEGER NOT NULL, period VARCHAR NOT NULL,
          due DATE NOT NULL, ${COMMON})`,
    fill: `INSERT INTO rm_report_schedule SELECT d.planId, d.year, r.period, CAST(r.due AS DATE), ${COMMON_SELECT} FROM (
             SELECT *, unnest(d.reportSchedule) AS r
             FROM ${parsed('PlanIssued', { planId: 'VARCHAR', year: 'INTEGER', reportSchedule: [{ period: 'VARCHAR', due: 'VARCHAR' }] })})`,
  },
  {
    name: 'rm_indicator_defs',
    types: ['PlanIssued'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_indicator_defs (plan_id VARCHAR NOT NULL, year INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
          text VARCHAR, comparator VARCHAR, target DOUBLE, unit VARCHAR, direction VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_indicator_defs SELECT d.planId, d.year, i.id, i.text, i.comparator, i.target, i.unit, i.direction, ${COMMON_SELECT} FROM (
             SELECT *, unnest(d.indicators) AS i
             FROM ${parsed('PlanIssued', {
               planId: 'VARCHAR',
               year: 'INTEGER',
               indicators: [
                 {
                   id: 'VARCHAR',
                   text: 'VARCHAR',
                   comparator: 'VARCHAR',
                   target: 'DOUBLE',
                   unit: 'VARCHAR',
                   direction: 'VARCHAR',
                 },
               ],
             })})`,
  },
  {
    name: 'rm_tasks',
    types: ['TaskDefined'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_tasks (task_stream VARCHAR NOT NULL, plan_id VARCHAR, year INTEGER NOT NULL, task_id VARCHAR NOT NULL,
          area VARCHAR NOT NULL, title VARCHAR, product VARCHAR, deadline_kind VARCHAR NOT NULL, deadline_due DATE,
          deadline_text VARCHAR, deadline_condition VARCHAR, deadline_cadence VARCHAR, lead_scope VARCHAR, coordinator_scope VARCHAR,
          added_mid_year BOOLEAN, decision_ref VARCHAR, decided_on DATE, ${COMMON})`,
    fill: `INSERT INTO rm_tasks SELECT stream_id, d.planId, d.planYear, d.taskId, d.area, d.title, d.product, d.deadline.kind,
           TRY_CAST(d.deadline.due AS DATE), d.deadline.text, d.deadline.condition, d.deadline.cadence, d.leadScope, d.coordinatorScope,
           coalesce(d.addedMidYear, false), d.decisionRef, TRY_CAST(d.decidedOn AS DATE), ${COMMON_SELECT}
           FROM ${parsed('TaskDefined', {
             planId: 'VARCHAR',
             planYear: 'INTEGER',
             taskId: 'VARCHAR',
             area: 'VARCHAR',
             title: 'VARCHAR',
             product: 'VARCHAR',
             deadline: { kind: 'VARCHAR', due: 'VARCHAR', text: 'VARCHAR', condition: 'VARCHAR', cadence: 'VARCHAR' },
             leadScope: 'VARCHAR',
             coordinatorScope: 'VARCHAR',
             addedMidYear: 'BOOLEAN',
             decisionRef: 'VARCHAR',
             decidedOn: 'VARCHAR',
           })}`,
  },
  {
    // The plan amended by a decision: a task's title or product changed (no score reads them).
    name: 'rm_task_amendments',
    types: ['TaskAmended'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_amendments (task_stream VARCHAR NOT NULL, task_id VARCHAR NOT NULL, title VARCHAR,
          previous_title VARCHAR, product VARCHAR, previous_product VARCHAR, decision_ref VARCHAR NOT NULL, decided_on DATE NOT NULL,
          reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_task_amendments SELECT stream_id, d.taskId, d.title, d.previousTitle, d.product, d.previousProduct, d.decisionRef,
           CAST(d.decidedOn AS DATE), d.reason, ${COMMON_SELECT}
           FROM ${parsed('TaskAmended', {
             taskId: 'VARCHAR',
             title: 'VARCHAR',
             previousTitle: 'VARCHAR',
             product: 'VARCHAR',
             previousProduct: 'VARCHAR',
             decisionRef: 'VARCHAR',
             decidedOn: 'VARCHAR',
             reason: 'VARCHAR',
           })}`,
  },
  {
    name: 'rm_task_units',
    types: ['TaskDefined', 'TaskAssigned'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_units (task_stream VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
          source VARCHAR NOT NULL, ${COMMON})`,
    fill: `INSERT INTO rm_task_units
           SELECT stream_id, unit_id, role, 'defined', ${COMMON_SELECT} FROM (
             SELECT *, unnest(list_concat(list_transform(d.lead, lambda u: {'unit_id': u, 'role': 'lead'}),
                                          list_transform(d.coordinators, lambda u: {'unit_id': u, 'role': 'coordinator'})), recursive := true)
             FROM ${parsed('TaskDefined', { lead: ['VARCHAR'], coordinators: ['VARCHAR'] })})
           UNION ALL
           SELECT stream_id, d.unitId, d.role, 'assigned', ${COMMON_SELECT}
             FROM ${parsed('TaskAssigned', { unitId: 'VARCHAR', role: 'VARCHAR' })}`,
  },
  {
    name: 'rm_task_reassignments',
    types: ['TaskReassigned'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_reassignments (task_stream VARCHAR NOT NULL, from_unit VARCHAR NOT NULL, to_unit VARCHAR NOT NULL,
          role VARCHAR NOT NULL, reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_task_reassignments SELECT stream_id, d.unitId, d.toUnitId, d.role, d.reason, ${COMMON_SELECT}
           FROM ${parsed('TaskReassigned', { unitId: 'VARCHAR', toUnitId: 'VARCHAR', role: 'VARCHAR', reason: 'VARCHAR' })}`,
  },
  {
    name: 'rm_deadline_sets',
    types: ['DeadlineSet'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_deadline_sets (task_stream VARCHAR NOT NULL, unit_id VARCHAR, due DATE NOT NULL, previous_due DATE,
          decision_ref VARCHAR, reason VARCHAR, decided_on DATE, ${COMMON})`,
    fill: `INSERT INTO rm_deadline_sets SELECT stream_id, d.unitId, CAST(d.due AS DATE), TRY_CAST(d.previousDue AS DATE), d.decisionRef, d.reason,
           TRY_CAST(d.decidedOn AS DATE), ${COMMON_SELECT}
           FROM ${parsed('DeadlineSet', {
             unitId: 'VARCHAR',
             due: 'VARCHAR',
             previousDue: 'VARCHAR',
             decisionRef: 'VARCHAR',
             reason: 'VARCHAR',
             decidedOn: 'VARCHAR',
           })}`,
  },
  {
    name: 'rm_task_cancellations',
    types: ['TaskCancelled'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_task_cancellations (task_stream VARCHAR NOT NULL, unit_id VARCHAR, reason VARCHAR,
          decision_ref VARCHAR, decided_on DATE, ${COMMON})`,
    fill: `INSERT INTO rm_task_cancellations SELECT stream_id, d.unitId, d.reason, d.decisionRef, TRY_CAST(d.decidedOn AS DATE), ${COMMON_SELECT}
           FROM ${parsed('TaskCancelled', { unitId: 'VARCHAR', reason: 'VARCHAR', decisionRef: 'VARCHAR', decidedOn: 'VARCHAR' })}`,
  },
  {
    name: 'rm_units',
    types: ['UnitEstablished'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_units (unit_id VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR, parent_id VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_units SELECT d.unitId, d.name, d.kind, d.parentId, ${COMMON_SELECT}
           FROM ${parsed('UnitEstablished', { unitId: 'VARCHAR', name: 'VARCHAR', kind: 'VARCHAR', parentId: 'VARCHAR' })}`,
  },
  {
    name: 'rm_unit_changes',
    types: ['UnitRenamed', 'UnitMergedInto', 'UnitSplit'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_unit_changes (unit_id VARCHAR NOT NULL, change VARCHAR NOT NULL, name VARCHAR, previous_name VARCHAR,
          into_unit_ids VARCHAR[], successor_id VARCHAR, decision_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_unit_changes
           SELECT d.unitId, 'renamed', d.name, d.previousName, NULL, NULL, d.decisionRef, ${COMMON_SELECT}
             FROM ${parsed('UnitRenamed', { unitId: 'VARCHAR', name: 'VARCHAR', previousName: 'VARCHAR', decisionRef: 'VARCHAR' })}
           UNION ALL
           SELECT d.unitId, 'merged', NULL, NULL, [d.intoUnitId], d.intoUnitId, d.decisionRef, ${COMMON_SELECT}
             FROM ${parsed('UnitMergedInto', { unitId: 'VARCHAR', intoUnitId: 'VARCHAR', decisionRef: 'VARCHAR' })}
           UNION ALL
           SELECT d.unitId, 'split', NULL, NULL, d.intoUnitIds, d.assignmentsTo, d.decisionRef, ${COMMON_SELECT}
             FROM ${parsed('UnitSplit', { unitId: 'VARCHAR', intoUnitIds: ['VARCHAR'], assignmentsTo: 'VARCHAR', decisionRef: 'VARCHAR' })}`,
  },
  {
    name: 'rm_reports',
    types: ['PeriodicReportSubmitted'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_reports (unit_id VARCHAR NOT NULL, year INTEGER NOT NULL, period VARCHAR NOT NULL, report_ref VARCHAR,
          received_on DATE, incoming_ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_reports SELECT d.unitId, d.year, d.period, d.reportRef, CAST(d.receivedOn AS DATE), d.incomingRef, ${COMMON_SELECT}
           FROM ${parsed('PeriodicReportSubmitted', {
             unitId: 'VARCHAR',
             year: 'INTEGER',
             period: 'VARCHAR',
             reportRef: 'VARCHAR',
             receivedOn: 'VARCHAR',
             incomingRef: 'VARCHAR',
           })}`,
  },
  {
    name: 'rm_recognitions',
    types: ['InitiativeRecognised', 'CriticismRecorded', 'DisciplinarySanctionRecorded'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_recognitions (unit_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, level VARCHAR, sanction_kind VARCHAR,
          text VARCHAR, ref VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_recognitions
           SELECT d.unitId, 'initiative', d.level, NULL, d.title, d.decisionRef, ${COMMON_SELECT}
             FROM ${parsed('InitiativeRecognised', { unitId: 'VARCHAR', level: 'VARCHAR', title: 'VARCHAR', decisionRef: 'VARCHAR' })}
           UNION ALL
           SELECT d.unitId, 'criticism', NULL, NULL, d.reason, d.documentRef, ${COMMON_SELECT}
             FROM ${parsed('CriticismRecorded', { unitId: 'VARCHAR', reason: 'VARCHAR', documentRef: 'VARCHAR' })}
           UNION ALL
           SELECT d.unitId, 'sanction', NULL, d.kind, d.reason, d.decisionRef, ${COMMON_SELECT}
             FROM ${parsed('DisciplinarySanctionRecorded', { unitId: 'VARCHAR', kind: 'VARCHAR', reason: 'VARCHAR', decisionRef: 'VARCHAR' })}`,
  },
  {
    name: 'rm_indicator_values',
    types: ['IndicatorMeasured'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_indicator_values (plan_stream VARCHAR NOT NULL, year INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
          value DOUBLE NOT NULL, period VARCHAR, unit_id VARCHAR, note VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_indicator_values SELECT stream_id, d.planYear, d.indicatorId, d.value, d.period, d.unitId, d.note, ${COMMON_SELECT}
           FROM ${parsed('IndicatorMeasured', { planYear: 'INTEGER', indicatorId: 'VARCHAR', value: 'DOUBLE', period: 'VARCHAR', unitId: 'VARCHAR', note: 'VARCHAR' })}`,
  },
  {
    // One row per event a KnowledgeClaimed lists: the claim (its own position and instants in COMMON)
    // that the office knew `claimed_event_id` at `claimed_known_at` (R-AS-KNOWN).
    name: 'rm_knowledge_claims',
    types: ['KnowledgeClaimed'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_knowledge_claims (claim_stream VARCHAR NOT NULL, plan_year INTEGER NOT NULL,
          claimed_event_id UUID NOT NULL, claimed_known_at TIMESTAMPTZ NOT NULL, reason VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_knowledge_claims SELECT stream_id, d.planYear, CAST(claimed AS UUID), CAST(d.knownAt AS TIMESTAMPTZ), d.reason,
           ${COMMON_SELECT} FROM (
             SELECT *, unnest(d.eventIds) AS claimed
             FROM ${parsed('KnowledgeClaimed', { planYear: 'INTEGER', eventIds: ['VARCHAR'], knownAt: 'VARCHAR', reason: 'VARCHAR' })})`,
  },
  {
    // The events some KnowledgeClaimed lists, their typed columns copied from the log (whichever
    // comes first, the claim or the event), so that "as known at T" finds the events known only by
    // a claim without a second scan of the log (sql/fragments.ts, knownEvents).
    name: 'rm_claimed_events',
    types: [],
    range: true,
    ddl: `CREATE TABLE IF NOT EXISTS rm_claimed_events (stream_id VARCHAR NOT NULL, type VARCHAR NOT NULL, task_id VARCHAR,
          unit_id VARCHAR, hash VARCHAR NOT NULL, ${COMMON})`,
    fill: `INSERT INTO rm_claimed_events
           SELECT stream_id, type, task_id, unit_id, hash, global_position, event_id, occurred_at, recorded_at, coalesce(known_at, recorded_at)
           FROM events e
           WHERE e.event_id IN (SELECT claimed_event_id FROM rm_knowledge_claims)
             AND (e.global_position BETWEEN $1::BIGINT AND $2::BIGINT
                  OR e.event_id IN (SELECT claimed_event_id FROM rm_knowledge_claims WHERE position BETWEEN $1::BIGINT AND $2::BIGINT))
             AND e.event_id NOT IN (SELECT event_id FROM rm_claimed_events)`,
  },
  {
    name: 'rm_rankings_published',
    types: ['RankingPublished'],
    ddl: `CREATE TABLE IF NOT EXISTS rm_rankings_published (ranking_stream VARCHAR NOT NULL, year INTEGER NOT NULL, plan_id VARCHAR,
          rulebook_id VARCHAR, rulebook_version INTEGER, as_of TIMESTAMPTZ, at_position BIGINT, inputs_hash VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_rankings_published SELECT stream_id, d.year, d.planId, d.rulebook.id, d.rulebook.version, CAST(d.asOf AS TIMESTAMPTZ),
           d.position, d.inputsHash, ${COMMON_SELECT}
           FROM ${parsed('RankingPublished', {
             year: 'INTEGER',
             planId: 'VARCHAR',
             rulebook: { id: 'VARCHAR', version: 'INTEGER' },
             asOf: 'VARCHAR',
             position: 'BIGINT',
             inputsHash: 'VARCHAR',
           })}`,
  },
  {
    // The department's own index (issue 14): one row per score (self, appraised, survey: one row
    // per result) and per step of the workflow (submitted, requested, answered, published).
    name: 'rm_index_entries',
    types: [
      'CriterionSelfScored',
      'IndexDossierSubmitted',
      'CriterionAppraised',
      'ExplanationRequested',
      'ExplanationAnswered',
      'SurveyResultsEntered',
      'IndexPublished',
    ],
    ddl: `CREATE TABLE IF NOT EXISTS rm_index_entries (dossier_stream VARCHAR NOT NULL, department_id VARCHAR NOT NULL, year INTEGER NOT NULL,
          kind VARCHAR NOT NULL, criterion_id VARCHAR, value DOUBLE, text VARCHAR, evidence_files VARCHAR[], request_id VARCHAR,
          criteria_set_id VARCHAR, criteria_set_version INTEGER, late BOOLEAN, answer_by DATE, inputs_hash VARCHAR, ${COMMON})`,
    fill: `INSERT INTO rm_index_entries
           SELECT stream_id, d.departmentId, d.year, 'self', d.criterionId, d.value, d.note, d.evidenceFiles, NULL,
                  d.criteriaSetId, d.criteriaSetVersion, NULL, NULL, NULL, ${COMMON_SELECT}
             FROM ${parsed('CriterionSelfScored', {
               departmentId: 'VARCHAR',
               year: 'INTEGER',
               criterionId: 'VARCHAR',
               value: 'DOUBLE',
               note: 'VARCHAR',
               evidenceFiles: ['VARCHAR'],
               criteriaSetId: 'VARCHAR',
               criteriaSetVersion: 'INTEGER',
             })}
           UNION ALL
           SELECT stream_id, d.departmentId, d.year, 'submitted', NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.late, NULL, NULL, ${COMMON_SELECT}
             FROM ${parsed('IndexDossierSubmitted', { departmentId: 'VARCHAR', year: 'INTEGER', late: 'BOOLEAN' })}
           UNION ALL
           SELECT stream_id, d.departmentId, d.year, 'appraised', d.criterionId, d.value, d.reason, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  ${COMMON_SELECT}
             FROM ${parsed('CriterionAppraised', { departmentId: 'VARCHAR', year: 'INTEGER', criterionId: 'VARCHAR', value: 'DOUBLE', reason: 'VARCHAR' })}
           UNION ALL
           SELECT stream_id, d.departmentId, d.year, 'requested', d.criterionId, NULL, d.question, NULL, d.requestId, NULL, NULL, NULL,
                  CAST(d.answerBy AS DATE), NULL, ${COMMON_SELECT}
             FROM ${parsed('ExplanationRequested', {
               departmentId: 'VARCHAR',
               year: 'INTEGER',
               criterionId: 'VARCHAR',
               question: 'VARCHAR',
               requestId: 'VARCHAR',
               answerBy: 'VARCHAR',
             })}
           UNION ALL
           SELECT stream_id, d.departmentId, d.year, 'answered', NULL, NULL, d.answer, d.evidenceFiles, d.requestId, NULL, NULL, NULL, NULL,
                  NULL, ${COMMON_SELECT}
             FROM ${parsed('ExplanationAnswered', {
               departmentId: 'VARCHAR',
               year: 'INTEGER',
               answer: 'VARCHAR',
               evidenceFiles: ['VARCHAR'],
               requestId: 'VARCHAR',
             })}
           UNION ALL
           SELECT stream_id, departmentId, year, 'survey', r.criterionId, r.value, source, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  ${COMMON_SELECT} FROM (
             SELECT *, d.departmentId AS departmentId, d.year AS year, d.source AS source, unnest(d.results) AS r
             FROM ${parsed('SurveyResultsEntered', {
               departmentId: 'VARCHAR',
               year: 'INTEGER',
               source: 'VARCHAR',
               results: [{ criterionId: 'VARCHAR', value: 'DOUBLE' }],
             })})
           UNION ALL
           SELECT stream_id, d.departmentId, d.year, 'published', NULL, d.final, d.band, NULL, NULL, d.criteriaSetId, d.criteriaSetVersion,
                  NULL, NULL, d.inputsHash, ${COMMON_SELECT}
             FROM ${parsed('IndexPublished', {
               departmentId: 'VARCHAR',
               year: 'INTEGER',
               final: 'DOUBLE',
               band: 'VARCHAR',
               criteriaSetId: 'VARCHAR',
               criteriaSetVersion: 'INTEGER',
               inputsHash: 'VARCHAR',
             })}`,
  },
  // After rm_tasks, rm_task_units and rm_task_reassignments: an activity's slot may be in the same range.
  ...ACTIVITY_FACT_TABLES,
];

/** Copies the range's events that some fact table reads into the temporary table `rm_batch` (range tables read the log themselves). */
export const FILL_BATCH = `CREATE OR REPLACE TEMP TABLE rm_batch AS
  SELECT global_position, event_id, stream_id, type, data, occurred_at, recorded_at,
         coalesce(known_at, recorded_at) AS known_at FROM events
  WHERE global_position BETWEEN $1::BIGINT AND $2::BIGINT
    AND type IN (${[...new Set(FACT_TABLES.filter((t) => !t.range).flatMap((t) => t.types))].map((t) => `'${t}'`).join(', ')})`;
