import { z } from 'zod';
import { deadlineSpecSchema } from '../../plan/deadline-grammar.ts';
import {
  areaSchema,
  eventSchema,
  localDateSchema,
  planYearSchema,
  refSchema,
  roleSchema,
  taskIdSchema,
  textSchema,
  unitIdSchema,
} from './common.ts';
import { evidenceFilesSchema } from './evidence-events.ts';

const assignmentScopeSchema = z.enum(['all_units', 'all_phong', 'relevant_to_be_named']);

/**
 * The decision (quyết định, văn bản) that amends the plan: its reference and the day it was signed.
 * Every amendment carries both; a deadline set before amendments existed carries only the reference.
 */
export const decisionFields = { decisionRef: refSchema, decidedOn: localDateSchema } as const;

/** Nhiệm vụ: defined by the plan or added mid-year (phát sinh), with its lead and coordinating units. */
export const taskDefinedEvent = eventSchema('TaskDefined', {
  planYear: planYearSchema,
  /** The plan the task belongs to; several departments may each have a plan for one year. */
  planId: z.string().min(1).max(100).optional(),
  taskId: taskIdSchema,
  area: areaSchema,
  title: textSchema,
  product: z.string().max(2000),
  deadline: deadlineSpecSchema,
  lead: z.array(unitIdSchema),
  coordinators: z.array(unitIdSchema),
  leadScope: assignmentScopeSchema.optional(),
  coordinatorScope: assignmentScopeSchema.optional(),
  addedMidYear: z.boolean().optional(),
  /** A task added mid-year (phát sinh): the decision that added it. */
  decisionRef: refSchema.optional(),
  decidedOn: localDateSchema.optional(),
});

/** The plan amended: a task's title or product changed by a decision (its deadline: DeadlineSet). */
export const taskAmendedEvent = eventSchema('TaskAmended', {
  taskId: taskIdSchema,
  title: textSchema.optional(),
  previousTitle: textSchema.optional(),
  product: z.string().max(2000).optional(),
  previousProduct: z.string().max(2000).optional(),
  ...decisionFields,
  reason: textSchema.optional(),
});

export const taskAssignedEvent = eventSchema('TaskAssigned', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  role: roleSchema,
  reason: textSchema.optional(),
});

export const taskReassignedEvent = eventSchema('TaskReassigned', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  toUnitId: unitIdSchema,
  role: roleSchema,
  reason: textSchema.optional(),
});

/** A due date set for a conditional task, or moved, by a recorded decision. No unitId: every assignment. */
export const deadlineSetEvent = eventSchema('DeadlineSet', {
  taskId: taskIdSchema,
  unitId: unitIdSchema.optional(),
  due: localDateSchema,
  previousDue: localDateSchema.optional(),
  decisionRef: refSchema,
  decidedOn: localDateSchema.optional(),
  reason: textSchema.optional(),
});

export const taskStartedEvent = eventSchema('TaskStarted', { taskId: taskIdSchema, unitId: unitIdSchema });

export const progressReportedEvent = eventSchema('ProgressReported', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  percent: z.number().min(0).max(100),
  note: textSchema.optional(),
  /** Free text, as units' systems sent it: unverifiable (a name, not a file). */
  evidenceRefs: z.array(refSchema).default([]),
  /** Stored evidence files (EvidenceFileAdded), by SHA-256: verifiable. */
  evidenceFiles: evidenceFilesSchema.optional(),
});

export const productSubmittedEvent = eventSchema('ProductSubmitted', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  productRef: refSchema.optional(),
  note: textSchema.optional(),
  evidenceFiles: evidenceFilesSchema.optional(),
});

export const productReturnedEvent = eventSchema('ProductReturned', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  reason: textSchema,
});

export const taskCompletedEvent = eventSchema('TaskCompleted', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  productRef: refSchema.optional(),
  evidenceFiles: evidenceFilesSchema.optional(),
});

export const taskReopenedEvent = eventSchema('TaskReopened', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  reason: textSchema,
});

/** No unitId: the whole task is cancelled; with a decision, withdrawn from the plan by it. */
export const taskCancelledEvent = eventSchema('TaskCancelled', {
  taskId: taskIdSchema,
  unitId: unitIdSchema.optional(),
  reason: textSchema,
  decisionRef: refSchema.optional(),
  decidedOn: localDateSchema.optional(),
});

/** Văn phòng marks a delay as having an objective cause: it does not count as late. */
export const delayExcusedEvent = eventSchema('DelayExcused', {
  taskId: taskIdSchema,
  unitId: unitIdSchema,
  reason: textSchema,
  excusedBy: z.string().min(1).max(200),
});
