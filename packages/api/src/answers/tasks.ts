import { areaSchema, CADENCES, taskIdSchema, UNIT_SCOPES } from '@cchc/core';
import { z } from 'zod';
import { eventId, localDate, logPosition, recordedEventAnswer, sha256Hex } from './common.ts';
import { assignmentAnswer, deadlineKind, planIdOfTask } from './plans.ts';

/** A task's definition as the read models hold it. */
export const taskDefinitionAnswer = z.strictObject({
  planId: planIdOfTask,
  year: z.number().int(),
  taskId: taskIdSchema,
  area: areaSchema,
  title: z.string(),
  product: z.string(),
  deadlineKind,
  deadlineDue: localDate.nullable(),
  deadlineText: z.string(),
  deadlineCondition: z.string().nullable(),
  deadlineCadence: z.enum(CADENCES).nullable(),
  leadScope: z.enum(UNIT_SCOPES).nullable(),
  coordinatorScope: z.enum(UNIT_SCOPES).nullable(),
  addedMidYear: z.boolean(),
  position: logPosition,
  eventId,
});
export type TaskDefinition = z.infer<typeof taskDefinitionAnswer>;

/** An event of the task's stream, flagged as GET /v1/back-dated would (recorded > 7 days late) and back-filled. */
export const timelineEventAnswer = recordedEventAnswer.extend({
  backDated: z.boolean().describe('recorded more than 7 days after it happened'),
  backfilled: z.boolean().describe('source backfill'),
  evidence: z
    .strictObject({
      files: z.array(sha256Hex).describe('tệp đã lưu, kiểm được / stored files, checked by cchc verify'),
      unverifiable: z
        .array(z.string())
        .describe('minh chứng dạng chữ, không kiểm được / free-text evidence: names a document, cannot be checked'),
    })
    .optional()
    .describe('only on progress, submissions and completions that cite evidence'),
});
export type TimelineEvent = z.infer<typeof timelineEventAnswer>;

/** GET /v1/tasks/:taskId */
export const taskDetailAnswer = taskDefinitionAnswer.extend({
  streamId: z.string(),
  revision: z.number().int().min(-1).describe('for If-Match'),
  assignments: z.array(assignmentAnswer),
  events: z.array(timelineEventAnswer),
  position: logPosition,
});
export type TaskDetail = z.infer<typeof taskDetailAnswer>;
