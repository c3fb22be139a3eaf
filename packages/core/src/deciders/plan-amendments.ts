import type { TaskCommand } from '../commands/task-commands.ts';
import { localDateOf } from '../time/local-time.ts';
import { omitUndefined } from './omit-undefined.ts';
import type { RuleCode } from './rule-violation.ts';
import type { TaskEvent, TaskState } from './task-decider.ts';

type Fail = (rule: RuleCode, extra?: { vi: string; en: string }) => never;
type Amendment = Extract<TaskCommand, { type: 'AddTask' | 'AmendTask' | 'WithdrawTask' }>;
type DefinedTask = Extract<TaskState, { defined: true }>;

export function isAmendment(command: TaskCommand): command is Amendment {
  return command.type === 'AddTask' || command.type === 'AmendTask' || command.type === 'WithdrawTask';
}

/**
 * The decision an amendment (or a deadline change) rests on: a reference, and for amendments the
 * day it was signed, which cannot be after the instant the change takes effect.
 */
export function decisionOf(
  command: { readonly at: string; readonly decisionRef?: string | undefined; readonly decidedOn?: string | undefined },
  fail: Fail,
  options: { readonly dateRequired: boolean },
): { decisionRef: string; decidedOn?: string } {
  const decisionRef = command.decisionRef?.trim();
  if (!decisionRef) return fail('DECISION_REFERENCE_REQUIRED');
  if (command.decidedOn === undefined) {
    if (options.dateRequired) fail('DECISION_DATE_REQUIRED', { vi: decisionRef, en: decisionRef });
    return { decisionRef };
  }
  const effective = localDateOf(command.at);
  if (command.decidedOn > effective)
    fail('DECISION_AFTER_ENTRY', {
      vi: `${decisionRef} ngày ${command.decidedOn}, hiệu lực ${effective}`,
      en: `${decisionRef} of ${command.decidedOn}, effective ${effective}`,
    });
  return { decisionRef, decidedOn: command.decidedOn };
}

/** AddTask on a stream not yet defined; AmendTask and WithdrawTask on a defined, not withdrawn task. */
export function decideAmendment(command: Amendment, state: TaskState, fail: Fail): TaskEvent[] {
  const decision = decisionOf(command, fail, { dateRequired: true });
  switch (command.type) {
    case 'AddTask': {
      if (state.defined) fail('TASK_ALREADY_DEFINED');
      if (command.lead.length === 0 && command.leadScope === undefined) fail('TASK_HAS_NO_LEAD');
      const { type: _type, at: _at, decisionRef: _ref, decidedOn: _on, ...definition } = command;
      return [{ type: 'TaskDefined', data: { ...definition, addedMidYear: true, ...decision } }];
    }
    case 'AmendTask': {
      const task = definedTask(state, fail);
      const title = command.title !== undefined && command.title !== task.title ? command.title : undefined;
      const product = command.product !== undefined && command.product !== task.product ? command.product : undefined;
      if (title === undefined && product === undefined) fail('AMENDMENT_CHANGES_NOTHING');
      return [
        {
          type: 'TaskAmended',
          data: omitUndefined({
            taskId: command.taskId,
            title,
            previousTitle: title === undefined ? undefined : task.title,
            product,
            previousProduct: product === undefined ? undefined : task.product,
            decisionRef: decision.decisionRef,
            decidedOn: decision.decidedOn!,
            reason: command.reason,
          }),
        },
      ];
    }
    case 'WithdrawTask': {
      definedTask(state, fail);
      return [
        {
          type: 'TaskCancelled',
          data: { taskId: command.taskId, reason: command.reason, ...decision },
        },
      ];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown amendment ${JSON.stringify(unreachable)}`);
    }
  }
}

function definedTask(state: TaskState, fail: Fail): DefinedTask {
  if (!state.defined) return fail('TASK_NOT_DEFINED');
  if (state.cancelled)
    fail('ASSIGNMENT_CANCELLED', { vi: 'cả nhiệm vụ đã bị hủy', en: 'the whole task was cancelled' });
  return state;
}
