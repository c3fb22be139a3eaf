import { areaSchema, deadlineSpecSchema, roleSchema, taskIdSchema, unitIdSchema } from '@cchc/core';
import {
  ASSIGNMENT_STATUS_CODES,
  ASSIGNMENT_STATUSES,
  PLAN_AMENDMENT_KINDS,
  type PlanAmendment,
} from '@cchc/projections';
import { z } from 'zod';
import { agreesWith, asOfListOf, count, eventId, instant, localDate, logPosition, pageOf } from './common.ts';

/** The assignment status codes (projections' one table): the `status` filter and the answers' `statusCode`. */
export const assignmentStatusCodeAnswer = z.enum(ASSIGNMENT_STATUS_CODES);
export type AssignmentStatusCode = z.infer<typeof assignmentStatusCodeAnswer>;
/** The Vietnamese label of a status, as answers carry it beside the code. */
export const assignmentStatusLabelAnswer = z.enum(
  ASSIGNMENT_STATUS_CODES.map((code) => ASSIGNMENT_STATUSES[code].vi) as [
    (typeof ASSIGNMENT_STATUSES)[AssignmentStatusCode]['vi'],
    ...(typeof ASSIGNMENT_STATUSES)[AssignmentStatusCode]['vi'][],
  ],
);

export const deadlineKind = z.union(deadlineSpecSchema.options.map((o) => o.shape.kind));
/** Tasks defined without a plan id belong to their year's plan; their rows carry no plan id. */
export const planIdOfTask = z.string().nullable();

export const planSummaryAnswer = z.strictObject({
  planId: z.string(),
  year: z.number().int(),
  title: z.string(),
  decisionRef: z.string().nullable(),
  position: logPosition,
  issuedAt: instant,
  tasks: count,
});
export type PlanSummary = z.infer<typeof planSummaryAnswer>;

/** GET /v1/plans */
export const planListAnswer = z.strictObject({ items: z.array(planSummaryAnswer), position: logPosition });
export type PlanList = z.infer<typeof planListAnswer>;

/** One assignment (task × unit × role) as known at an instant, with its status and score. */
export const assignmentAnswer = z.strictObject({
  planId: planIdOfTask,
  year: z.number().int(),
  taskId: taskIdSchema,
  area: areaSchema,
  title: z.string(),
  role: roleSchema,
  unitId: unitIdSchema,
  status: assignmentStatusLabelAnswer.describe('nhãn tiếng Việt / the Vietnamese label'),
  deadlineKind,
  due: localDate.nullable(),
  completedOn: localDate.nullable(),
  overdue: z.boolean(),
  daysLate: z.number().int(),
  returns: count,
  excused: z.boolean(),
  pending: z.boolean().nullable().describe('a product awaits appraisal'),
  scorable: z.boolean(),
  cancelled: z.boolean(),
  quartersElapsed: count,
  quartersWithProgress: count,
  score: z.number().nullable().describe('s ∈ [0, 1]; null when not scorable'),
  originPosition: logPosition.describe('the log position that created the assignment'),
  statusCode: assignmentStatusCodeAnswer,
});
export type Assignment = z.infer<typeof assignmentAnswer>;

/** GET /v1/plans/:planId/tasks */
export const assignmentPageAnswer = pageOf(assignmentAnswer);
export type AssignmentPage = z.infer<typeof assignmentPageAnswer>;

export const areaProgressAnswer = z.strictObject({
  planId: planIdOfTask,
  area: areaSchema,
  assignments: count,
  doneOnTime: count,
  doneLate: count,
  overdue: count,
  awaitingConfirmation: count,
  inProgress: count,
  notTriggered: count,
  cancelled: count,
  meanScore: z.number().nullable(),
});
export type AreaProgress = z.infer<typeof areaProgressAnswer>;

/** GET /v1/progress */
export const progressAnswer = asOfListOf(areaProgressAnswer);
export type Progress = z.infer<typeof progressAnswer>;

/** One amendment of the plan (projections' PlanAmendment): a task added, amended, its deadline set, withdrawn. */
export const planAmendmentAnswer = agreesWith<PlanAmendment>()(
  z.strictObject({
    planId: z.string(),
    year: z.number().int(),
    taskId: taskIdSchema,
    kind: z.enum(PLAN_AMENDMENT_KINDS),
    decisionRef: z.string().nullable(),
    decidedOn: localDate.nullable().describe('ngày ký quyết định / the day the decision was signed'),
    unitId: unitIdSchema.nullable().describe('a deadline set for one assignment only'),
    title: z.string().nullable(),
    previousTitle: z.string().nullable(),
    product: z.string().nullable(),
    previousProduct: z.string().nullable(),
    due: localDate.nullable(),
    previousDue: localDate.nullable(),
    reason: z.string().nullable(),
    position: logPosition,
    eventId,
    occurredAt: instant.describe('khi có hiệu lực / when it takes effect'),
    knownAt: instant.describe('khi văn phòng biết / when the office knew'),
    recordedAt: instant.describe('khi kho ghi nhận / when the store recorded it'),
  }),
);

/** GET /v1/plans/:planId/amendments */
export const planAmendmentsAnswer = asOfListOf(planAmendmentAnswer);
export type PlanAmendments = z.infer<typeof planAmendmentsAnswer>;
