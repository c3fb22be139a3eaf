import { z } from 'zod';
import {
  initiativeLevelSchema,
  localDateSchema,
  planYearSchema,
  refSchema,
  reportPeriodSchema,
  sanctionKindSchema,
  textSchema,
  unitIdSchema,
  unitKindSchema,
} from '../events/domain/common.ts';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';

const base = { unitId: unitIdSchema, at: instantSchema };

/** Commands on unit streams (`unit-<unitId>`), decided by the unit decider. */
export const unitCommandSchema = z.discriminatedUnion('type', [
  commandSchema('EstablishUnit', {
    ...base,
    name: textSchema,
    kind: unitKindSchema,
    parentId: unitIdSchema.optional(),
    shortNames: z.array(z.string().min(1).max(200)).default([]),
    decisionRef: refSchema.optional(),
  }),
  commandSchema('RenameUnit', { ...base, name: textSchema, decisionRef: refSchema.optional() }),
  commandSchema('MergeUnit', { ...base, intoUnitId: unitIdSchema, decisionRef: refSchema }),
  commandSchema('SplitUnit', {
    ...base,
    intoUnitIds: z.array(unitIdSchema).min(2),
    assignmentsTo: unitIdSchema.optional(),
    decisionRef: refSchema,
  }),
  commandSchema('SubmitPeriodicReport', {
    ...base,
    year: planYearSchema,
    period: reportPeriodSchema,
    reportRef: refSchema.optional(),
    /** The date the office received it (the incoming register, "ngày đến"): what its timeliness is scored on. */
    receivedOn: localDateSchema.optional(),
    /** The incoming register's number ("số công văn đến"). */
    incomingRef: refSchema.optional(),
  }),
  commandSchema('RecogniseInitiative', {
    ...base,
    level: initiativeLevelSchema,
    title: textSchema,
    decisionRef: refSchema.optional(),
  }),
  commandSchema('RecordCriticism', { ...base, reason: textSchema, documentRef: refSchema.optional() }),
  commandSchema('RecordSanction', {
    ...base,
    kind: sanctionKindSchema,
    reason: textSchema,
    decisionRef: refSchema.optional(),
  }),
]);

export type UnitCommand = z.infer<typeof unitCommandSchema>;
