import { z } from 'zod';
import {
  eventSchema,
  initiativeLevelSchema,
  localDateSchema,
  planYearSchema,
  refSchema,
  reportPeriodSchema,
  sanctionKindSchema,
  textSchema,
  unitIdSchema,
  unitKindSchema,
} from './common.ts';

export const unitEstablishedEvent = eventSchema('UnitEstablished', {
  unitId: unitIdSchema,
  name: textSchema,
  kind: unitKindSchema,
  parentId: unitIdSchema.optional(),
  shortNames: z.array(z.string().min(1).max(200)).default([]),
  decisionRef: refSchema.optional(),
});

export const unitRenamedEvent = eventSchema('UnitRenamed', {
  unitId: unitIdSchema,
  name: textSchema,
  previousName: textSchema.optional(),
  decisionRef: refSchema.optional(),
});

/** The unit ceases; its successor inherits its assignments and reports for the whole year. */
export const unitMergedIntoEvent = eventSchema('UnitMergedInto', {
  unitId: unitIdSchema,
  intoUnitId: unitIdSchema,
  decisionRef: refSchema,
});

/** The unit ceases and its work passes to several successors; `assignmentsTo` inherits its assignments. */
export const unitSplitEvent = eventSchema('UnitSplit', {
  unitId: unitIdSchema,
  intoUnitIds: z.array(unitIdSchema).min(2),
  assignmentsTo: unitIdSchema,
  decisionRef: refSchema,
});

/** Báo cáo định kỳ: Q1 by 10/3, six-month by 10/6, Q3 by 10/9, annual by 10/12. */
export const periodicReportSubmittedEvent = eventSchema('PeriodicReportSubmitted', {
  unitId: unitIdSchema,
  year: planYearSchema,
  period: reportPeriodSchema,
  reportRef: refSchema.optional(),
  /**
   * R-REPORT-RECEIPT: the date the office received the report (its incoming register), recorded by
   * the office; the report's timeliness is scored on it. Absent: the date the office knew it.
   */
  receivedOn: localDateSchema.optional(),
  incomingRef: refSchema.optional(),
});

export const initiativeRecognisedEvent = eventSchema('InitiativeRecognised', {
  unitId: unitIdSchema,
  level: initiativeLevelSchema,
  title: textSchema,
  decisionRef: refSchema.optional(),
});

export const criticismRecordedEvent = eventSchema('CriticismRecorded', {
  unitId: unitIdSchema,
  reason: textSchema,
  documentRef: refSchema.optional(),
});

export const disciplinarySanctionRecordedEvent = eventSchema('DisciplinarySanctionRecorded', {
  unitId: unitIdSchema,
  kind: sanctionKindSchema,
  reason: textSchema,
  decisionRef: refSchema.optional(),
});
