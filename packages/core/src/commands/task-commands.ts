import { z } from 'zod';
import {
  localDateSchema,
  planYearSchema,
  refSchema,
  roleSchema,
  taskIdSchema,
  textSchema,
  unitIdSchema,
} from '../events/domain/common.ts';
import { evidenceFilesSchema } from '../events/domain/evidence-events.ts';
import { taskDefinedEvent } from '../events/domain/task-events.ts';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';

/** The plan year picks the task's stream (`task-<year>-<taskId>`). */
const base = { planYear: planYearSchema, taskId: taskIdSchema, at: instantSchema };
const forUnit = { ...base, unitId: unitIdSchema };
/** Optional in the schemas on purpose: the decider's rules name what is missing. */
const decision = {
  decisionRef: z.string().trim().max(200).optional(),
  decidedOn: localDateSchema.optional(),
};
const { addedMidYear: _added, decisionRef: _ref, decidedOn: _on, ...definition } = taskDefinedEvent.shape.data.shape;

/** Commands on a task stream (`task-<year>-<taskId>`), decided by the task decider. */
export const taskCommandSchema = z.discriminatedUnion('type', [
  // A task's definition is exactly that of the event it causes.
  commandSchema('DefineTask', { ...taskDefinedEvent.shape.data.shape, ...base }),
  // Plan amendments (điều chỉnh kế hoạch), each by a decision: a task added mid-year (phát sinh),
  // its title or product changed, the task withdrawn.
  commandSchema('AddTask', { ...definition, ...base, ...decision }),
  commandSchema('AmendTask', {
    ...base,
    title: textSchema.optional(),
    product: z.string().max(2000).optional(),
    ...decision,
    reason: textSchema.optional(),
  }),
  commandSchema('WithdrawTask', { ...base, reason: textSchema, ...decision }),
  commandSchema('AssignTask', { ...forUnit, role: roleSchema, reason: textSchema.optional() }),
  commandSchema('ReassignTask', { ...forUnit, toUnitId: unitIdSchema, reason: textSchema.optional() }),
  commandSchema('SetDeadline', {
    ...base,
    unitId: unitIdSchema.optional(),
    due: localDateSchema,
    ...decision,
    reason: textSchema.optional(),
  }),
  commandSchema('StartTask', forUnit),
  commandSchema('ReportProgress', {
    ...forUnit,
    percent: z.number().min(0).max(100),
    note: textSchema.optional(),
    evidenceRefs: z.array(refSchema).default([]),
    evidenceFiles: evidenceFilesSchema.optional(),
  }),
  commandSchema('SubmitProduct', {
    ...forUnit,
    productRef: refSchema.optional(),
    note: textSchema.optional(),
    evidenceFiles: evidenceFilesSchema.optional(),
  }),
  commandSchema('ReturnProduct', { ...forUnit, reason: textSchema }),
  commandSchema('CompleteTask', {
    ...forUnit,
    productRef: refSchema.optional(),
    evidenceFiles: evidenceFilesSchema.optional(),
  }),
  commandSchema('ReopenTask', { ...forUnit, reason: textSchema }),
  commandSchema('CancelTask', { ...base, unitId: unitIdSchema.optional(), reason: textSchema }),
  commandSchema('ExcuseDelay', { ...forUnit, reason: textSchema, excusedBy: z.string().min(1).max(200) }),
]);

export type TaskCommand = z.infer<typeof taskCommandSchema>;
export type AddTaskCommand = Extract<TaskCommand, { type: 'AddTask' }>;
export type TaskCommandType = TaskCommand['type'];

/** The actions on a task as the CLI and the API name them (`cchc task <action>`, `POST /v1/tasks/{id}/<action>`). */
export const TASK_ACTIONS = {
  start: { type: 'StartTask', vi: 'bắt đầu thực hiện', en: 'start' },
  progress: { type: 'ReportProgress', vi: 'báo cáo tiến độ', en: 'report progress' },
  submit: { type: 'SubmitProduct', vi: 'nộp sản phẩm', en: 'submit the product' },
  return: { type: 'ReturnProduct', vi: 'trả lại sản phẩm', en: 'return the product' },
  complete: { type: 'CompleteTask', vi: 'hoàn thành', en: 'complete' },
  reopen: { type: 'ReopenTask', vi: 'mở lại', en: 'reopen' },
  cancel: {
    type: 'CancelTask',
    vi: 'hủy (không nêu đơn vị: cả nhiệm vụ)',
    en: 'cancel (without a unit: the whole task)',
  },
  'set-deadline': {
    type: 'SetDeadline',
    vi: 'đặt/đổi thời hạn theo văn bản',
    en: 'set or move the deadline by decision',
  },
  excuse: {
    type: 'ExcuseDelay',
    vi: 'miễn trễ hạn do nguyên nhân khách quan',
    en: 'excuse a delay with an objective cause',
  },
  assign: { type: 'AssignTask', vi: 'giao thêm đơn vị', en: 'assign another unit' },
  reassign: { type: 'ReassignTask', vi: 'giao lại cho đơn vị khác', en: 'pass to another unit' },
  amend: {
    type: 'AmendTask',
    vi: 'điều chỉnh tên hoặc sản phẩm theo quyết định',
    en: 'amend the title or product by decision',
  },
  withdraw: {
    type: 'WithdrawTask',
    vi: 'rút nhiệm vụ khỏi kế hoạch theo quyết định',
    en: 'withdraw the task from the plan by decision',
  },
} as const satisfies Record<
  string,
  { type: Exclude<TaskCommandType, 'DefineTask' | 'AddTask'>; vi: string; en: string }
>;
export type TaskAction = keyof typeof TASK_ACTIONS;
