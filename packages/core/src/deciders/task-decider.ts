import type { TaskCommand } from '../commands/task-commands.ts';
import type { Area, Role } from '../events/domain/common.ts';
import type { DomainEventOf } from '../events/domain/domain-event.ts';
import type { DeadlineSpec } from '../plan/deadline-grammar.ts';
import { localYearOf } from '../time/local-time.ts';
import type { Decider } from './decider.ts';
import { omitUndefined } from './omit-undefined.ts';
import { decideAmendment, decisionOf, isAmendment } from './plan-amendments.ts';
import { type RuleSubject, RuleViolationError } from './rule-violation.ts';

export type TaskEvent = DomainEventOf<
  | 'TaskDefined'
  | 'TaskAmended'
  | 'TaskAssigned'
  | 'TaskReassigned'
  | 'DeadlineSet'
  | 'TaskStarted'
  | 'ProgressReported'
  | 'ProductSubmitted'
  | 'ProductReturned'
  | 'TaskCompleted'
  | 'TaskReopened'
  | 'TaskCancelled'
  | 'DelayExcused'
>;

export type AssignmentStatus = 'assigned' | 'in_progress' | 'submitted' | 'completed' | 'cancelled';

export interface AssignmentState {
  readonly unitId: string;
  readonly role: Role;
  readonly status: AssignmentStatus;
  readonly percent: number;
  readonly returns: number;
  readonly excused: boolean;
  /** A due date set for this assignment alone, overriding the task's. */
  readonly due: string | undefined;
}

export type TaskState =
  | { readonly defined: false }
  | {
      readonly defined: true;
      readonly planYear: number;
      readonly taskId: string;
      readonly area: Area;
      /** As amended (TaskAmended). */
      readonly title: string;
      readonly product: string;
      readonly deadline: DeadlineSpec;
      /** Current due date for the whole task: from the plan, or set by a decision. */
      readonly due: string | undefined;
      readonly cancelled: boolean;
      readonly assignments: Readonly<Record<string, AssignmentState>>;
    };

type DefinedTask = Extract<TaskState, { defined: true }>;

/** What each task command attempts, for refusal messages. */
export const TASK_COMMAND_ACTIONS = {
  DefineTask: { vi: 'xác định', en: 'define' },
  AddTask: { vi: 'bổ sung vào kế hoạch', en: 'add to the plan' },
  AmendTask: { vi: 'điều chỉnh', en: 'amend' },
  WithdrawTask: { vi: 'rút khỏi kế hoạch', en: 'withdraw from the plan' },
  AssignTask: { vi: 'giao', en: 'assign' },
  ReassignTask: { vi: 'giao lại', en: 'reassign' },
  SetDeadline: { vi: 'đặt thời hạn cho', en: 'set the deadline of' },
  StartTask: { vi: 'bắt đầu', en: 'start' },
  ReportProgress: { vi: 'báo cáo tiến độ', en: 'report progress on' },
  SubmitProduct: { vi: 'nộp sản phẩm', en: 'submit the product of' },
  ReturnProduct: { vi: 'trả lại sản phẩm', en: 'return the product of' },
  CompleteTask: { vi: 'hoàn thành', en: 'complete' },
  ReopenTask: { vi: 'mở lại', en: 'reopen' },
  CancelTask: { vi: 'hủy', en: 'cancel' },
  ExcuseDelay: { vi: 'miễn trễ hạn cho', en: 'excuse the delay of' },
} as const satisfies Record<TaskCommand['type'], { vi: string; en: string }>;

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({ defined: false }),

  decide(command, state) {
    const subject: RuleSubject = {
      action: TASK_COMMAND_ACTIONS[command.type],
      taskId: command.taskId,
      ...('unitId' in command && command.unitId ? { unitId: command.unitId } : {}),
    };
    const fail = (
      rule: ConstructorParameters<typeof RuleViolationError>[0],
      extra?: { vi: string; en: string },
    ): never => {
      throw new RuleViolationError(rule, subject, extra);
    };

    if (command.type === 'DefineTask') {
      if (state.defined) fail('TASK_ALREADY_DEFINED');
      checkYear(command.at, command.planYear, fail);
      if (command.lead.length === 0 && command.leadScope === undefined) fail('TASK_HAS_NO_LEAD');
      const { type: _type, at: _at, ...data } = command;
      return [{ type: 'TaskDefined', data }];
    }
    if (command.type === 'AddTask') {
      checkYear(command.at, command.planYear, fail);
      return decideAmendment(command, state, fail);
    }

    if (!state.defined) return fail('TASK_NOT_DEFINED');
    checkYear(command.at, state.planYear, fail);
    if (state.cancelled)
      fail('ASSIGNMENT_CANCELLED', { vi: 'cả nhiệm vụ đã bị hủy', en: 'the whole task was cancelled' });
    if (isAmendment(command)) return decideAmendment(command, state, fail);

    switch (command.type) {
      case 'AssignTask': {
        const current = state.assignments[command.unitId];
        if (current && current.status !== 'cancelled') fail('UNIT_ALREADY_ASSIGNED');
        return [
          {
            type: 'TaskAssigned',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              role: command.role,
              reason: command.reason,
            }),
          },
        ];
      }
      case 'ReassignTask': {
        const from = openAssignment(state, command.unitId, fail);
        const to = state.assignments[command.toUnitId];
        // A lead assignment may replace the target's coordinating one (lead is the stronger role).
        if (to && to.status !== 'cancelled' && !(to.role === 'coordinator' && from.role === 'lead')) {
          throw new RuleViolationError('UNIT_ALREADY_ASSIGNED', { ...subject, unitId: command.toUnitId });
        }
        return [
          {
            type: 'TaskReassigned',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              toUnitId: command.toUnitId,
              role: from.role,
              reason: command.reason,
            }),
          },
        ];
      }
      case 'SetDeadline': {
        const decision = decisionOf(command, fail, { dateRequired: false });
        const current = command.unitId ? (openAssignment(state, command.unitId, fail).due ?? state.due) : state.due;
        if (current === command.due) fail('DEADLINE_UNCHANGED', { vi: command.due, en: command.due });
        return [
          {
            type: 'DeadlineSet',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              due: command.due,
              previousDue: current,
              ...decision,
              reason: command.reason,
            }),
          },
        ];
      }
      case 'StartTask': {
        const a = activeAssignment(state, command.unitId, fail);
        // Starting twice is harmless: nothing new to record.
        if (a.status !== 'assigned') return [];
        return [{ type: 'TaskStarted', data: { taskId: command.taskId, unitId: command.unitId } }];
      }
      case 'ReportProgress': {
        activeAssignment(state, command.unitId, fail);
        return [
          {
            type: 'ProgressReported',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              percent: command.percent,
              note: command.note,
              evidenceRefs: command.evidenceRefs,
              evidenceFiles: command.evidenceFiles,
            }),
          },
        ];
      }
      case 'SubmitProduct': {
        const a = activeAssignment(state, command.unitId, fail);
        if (a.role !== 'lead') fail('ONLY_LEAD_MAY_COMPLETE');
        return [
          {
            type: 'ProductSubmitted',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              productRef: command.productRef,
              note: command.note,
              evidenceFiles: command.evidenceFiles,
            }),
          },
        ];
      }
      case 'ReturnProduct': {
        const a = activeAssignment(state, command.unitId, fail);
        if (a.status !== 'submitted') fail('PRODUCT_NOT_SUBMITTED');
        return [
          { type: 'ProductReturned', data: { taskId: command.taskId, unitId: command.unitId, reason: command.reason } },
        ];
      }
      case 'CompleteTask': {
        const a = activeAssignment(state, command.unitId, fail);
        if (a.role !== 'lead') fail('ONLY_LEAD_MAY_COMPLETE');
        return [
          {
            type: 'TaskCompleted',
            data: omitUndefined({
              taskId: command.taskId,
              unitId: command.unitId,
              productRef: command.productRef,
              evidenceFiles: command.evidenceFiles,
            }),
          },
        ];
      }
      case 'ReopenTask': {
        const a = openAssignment(state, command.unitId, fail);
        if (a.status !== 'completed') fail('ASSIGNMENT_NOT_COMPLETED');
        return [
          { type: 'TaskReopened', data: { taskId: command.taskId, unitId: command.unitId, reason: command.reason } },
        ];
      }
      case 'CancelTask': {
        if (command.unitId) {
          const a = openAssignment(state, command.unitId, fail);
          if (a.status === 'completed') fail('ASSIGNMENT_ALREADY_COMPLETED');
        }
        return [
          {
            type: 'TaskCancelled',
            data: omitUndefined({ taskId: command.taskId, unitId: command.unitId, reason: command.reason }),
          },
        ];
      }
      case 'ExcuseDelay': {
        openAssignment(state, command.unitId, fail);
        return [
          {
            type: 'DelayExcused',
            data: {
              taskId: command.taskId,
              unitId: command.unitId,
              reason: command.reason,
              excusedBy: command.excusedBy,
            },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        throw new Error(`unknown task command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'TaskDefined') {
      const d = event.data;
      const assignments: Record<string, AssignmentState> = {};
      for (const unitId of d.coordinators) assignments[unitId] = newAssignment(unitId, 'coordinator');
      for (const unitId of d.lead) assignments[unitId] = newAssignment(unitId, 'lead');
      return {
        defined: true,
        planYear: d.planYear,
        taskId: d.taskId,
        area: d.area,
        title: d.title,
        product: d.product,
        deadline: d.deadline,
        due: d.deadline.kind === 'date' ? d.deadline.due : undefined,
        cancelled: false,
        assignments,
      };
    }
    if (!state.defined) return state;
    const set = (unitId: string, change: Partial<AssignmentState>): DefinedTask => {
      const current = state.assignments[unitId];
      if (!current) return state;
      return { ...state, assignments: { ...state.assignments, [unitId]: { ...current, ...change } } };
    };
    switch (event.type) {
      case 'TaskAmended':
        return { ...state, title: event.data.title ?? state.title, product: event.data.product ?? state.product };
      case 'TaskAssigned':
        return {
          ...state,
          assignments: { ...state.assignments, [event.data.unitId]: newAssignment(event.data.unitId, event.data.role) },
        };
      case 'TaskReassigned': {
        const from = state.assignments[event.data.unitId];
        const { [event.data.unitId]: _moved, ...rest } = state.assignments;
        return {
          ...state,
          assignments: {
            ...rest,
            [event.data.toUnitId]: {
              ...(from ?? newAssignment(event.data.toUnitId, event.data.role)),
              unitId: event.data.toUnitId,
            },
          },
        };
      }
      case 'DeadlineSet':
        return event.data.unitId ? set(event.data.unitId, { due: event.data.due }) : { ...state, due: event.data.due };
      case 'TaskStarted':
        return set(event.data.unitId, { status: 'in_progress' });
      case 'ProgressReported': {
        const a = state.assignments[event.data.unitId];
        return set(event.data.unitId, {
          percent: event.data.percent,
          status: a?.status === 'assigned' ? 'in_progress' : (a?.status ?? 'in_progress'),
        });
      }
      case 'ProductSubmitted':
        return set(event.data.unitId, { status: 'submitted' });
      case 'ProductReturned': {
        const a = state.assignments[event.data.unitId];
        return set(event.data.unitId, { status: 'in_progress', returns: (a?.returns ?? 0) + 1 });
      }
      case 'TaskCompleted':
        return set(event.data.unitId, { status: 'completed', percent: 100 });
      case 'TaskReopened':
        return set(event.data.unitId, { status: 'in_progress' });
      case 'TaskCancelled':
        return event.data.unitId ? set(event.data.unitId, { status: 'cancelled' }) : { ...state, cancelled: true };
      case 'DelayExcused':
        return set(event.data.unitId, { excused: true });
      default: {
        const unreachable: never = event;
        throw new Error(`unknown task event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};

function newAssignment(unitId: string, role: Role): AssignmentState {
  return { unitId, role, status: 'assigned', percent: 0, returns: 0, excused: false, due: undefined };
}

type Fail = (rule: ConstructorParameters<typeof RuleViolationError>[0], extra?: { vi: string; en: string }) => never;

/** The unit's assignment, whatever its status except cancelled. */
function openAssignment(state: DefinedTask, unitId: string, fail: Fail): AssignmentState {
  const a = state.assignments[unitId];
  if (!a) return fail('UNIT_NOT_ASSIGNED');
  if (a.status === 'cancelled') fail('ASSIGNMENT_CANCELLED');
  return a;
}

/** The unit's assignment, still to be done: not cancelled, not completed. */
function activeAssignment(state: DefinedTask, unitId: string, fail: Fail): AssignmentState {
  const a = openAssignment(state, unitId, fail);
  if (a.status === 'completed') fail('ASSIGNMENT_ALREADY_COMPLETED');
  return a;
}

function checkYear(at: string, planYear: number, fail: Fail): void {
  const year = localYearOf(at);
  if (year !== planYear)
    fail('OUTSIDE_PLAN_YEAR', {
      vi: `${at} thuộc năm ${year}, kế hoạch năm ${planYear}`,
      en: `${at} is in ${year}, the plan is for ${planYear}`,
    });
}
