import { z } from 'zod';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';
import {
  localDateSchema,
  planYearSchema,
  refSchema,
  roleSchema,
  taskIdSchema,
  textSchema,
  unitIdSchema,
} from '../events/domain/common.ts';
import { taskDefinedEvent } from '../events/domain/task-events.ts';

/** The plan year picks the task's stream (`task-<year>-<taskId>`). */
const base = { planYear: planYearSchema, taskId: taskIdSchema, at: instantSchema };
const forUnit = { ...base, unitId: unitIdSchema };

/** Commands on a task stream (`task-<year>-<taskId>`), decided by the task decider. */
export const taskCommandSchema = z.discriminatedUnion('type', [
  // A task's definition is exactly that of the event it causes.
  commandSchema('DefineTask', { ...taskDefinedEvent.shape.data.shape, ...base }),
  commandSchema('AssignTask', { ...forUnit, role: roleSchema, reason: textSchema.optional() }),
  commandSchema('ReassignTask', { ...forUnit, toUnitId: unitIdSchema, reason: textSchema.optional() }),
  commandSchema('SetDeadline', {
    ...base,
    unitId: unitIdSchema.optional(),
    due: localDateSchema,
    // Optional in the schema on purpose: the decider's rule names what is missing.
    decisionRef: z.string().trim().max(200).optional(),
    reason: textSchema.optional(),
  }),
  commandSchema('StartTask', forUnit),
  commandSchema('ReportProgress', {
    ...forUnit,
    percent: z.number().min(0).max(100),
    note: textSchema.optional(),
    evidenceRefs: z.array(refSchema).default([]),
  }),
  commandSchema('SubmitProduct', { ...forUnit, productRef: refSchema.optional(), note: textSchema.optional() }),
  commandSchema('ReturnProduct', { ...forUnit, reason: textSchema }),
  commandSchema('CompleteTask', { ...forUnit, productRef: refSchema.optional() }),
  commandSchema('ReopenTask', { ...forUnit, reason: textSchema }),
  commandSchema('CancelTask', { ...base, unitId: unitIdSchema.optional(), reason: textSchema }),
  commandSchema('ExcuseDelay', { ...forUnit, reason: textSchema, excusedBy: z.string().min(1).max(200) }),
]);

export type TaskCommand = z.infer<typeof taskCommandSchema>;
export type TaskCommandType = TaskCommand['type'];
