import type { TaskCommand } from '../commands/task-commands.ts';
import type { AssignmentState, TaskState } from '../deciders/task-decider.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Role } from '../events/domain/common.ts';
import type { PlanDefinition, PlanTask } from '../plan/plan-definition.ts';
import type { PlanStreamSource } from '../plan/plan-years.ts';
import { storedStreamOf } from './decision-engine.ts';
import { taskDefinitionOf } from './plan-apply.ts';
import { taskStreamId } from './stream-ids.ts';

export type RecordedTask = Extract<TaskState, { defined: true }>;
type Decision = { readonly decisionRef: string; readonly decidedOn: string };

/** A difference the amendment commands cannot express: it is listed, never silently dropped. */
export interface AmendmentLeftOut {
  readonly taskId: string;
  readonly vi: string;
  readonly en: string;
}

export interface ProposedAmendments {
  /** In order: additions, then per task amendments, deadlines, holders, then withdrawals. */
  readonly commands: readonly TaskCommand[];
  readonly leftOut: readonly AmendmentLeftOut[];
  /** Tasks of the document identical to what is recorded. */
  readonly unchanged: number;
}

/** The tasks recorded for a plan year, each folded by the task decider (withdrawn ones included). */
export async function recordedTasks(
  store: PlanStreamSource & Pick<EventStore, 'readStream'>,
  year: number,
): Promise<Map<string, RecordedTask>> {
  const prefix = taskStreamId(year, '');
  const tasks = new Map<string, RecordedTask>();
  for (const streamId of await store.capabilities.streamCatalogue.streamIdsWithPrefix(prefix)) {
    const value = storedStreamOf(streamId, 'task', undefined, await store.readStream(streamId)).value;
    if (value.kind === 'task' && value.state.defined) tasks.set(value.state.taskId, value.state);
  }
  return tasks;
}

/**
 * Re-importing an amended plan document: the amendment commands that take the plan as recorded to
 * the document, under one decision. What they cannot express (a deadline of another kind, an area,
 * a role changed, a withdrawn task back) is listed in `leftOut` with what to do instead.
 */
export function proposeAmendments(
  plan: PlanDefinition,
  recorded: ReadonlyMap<string, RecordedTask>,
  decision: Decision,
  at: string,
): ProposedAmendments {
  const base = { planYear: plan.year, at };
  const commands: TaskCommand[] = [];
  const withdrawals: TaskCommand[] = [];
  const leftOut: AmendmentLeftOut[] = [];
  let unchanged = 0;
  const inDocument = new Set(plan.tasks.map((t) => t.id));

  for (const task of plan.tasks) {
    const current = recorded.get(task.id);
    if (!current) {
      commands.push({ type: 'AddTask', at, ...taskDefinitionOf(plan, task), ...decision });
      continue;
    }
    if (current.cancelled) {
      leftOut.push({
        taskId: task.id,
        vi: 'nhiệm vụ đã bị rút/hủy khỏi kế hoạch không thể khôi phục; hãy bổ sung với mã mới',
        en: 'a task withdrawn or cancelled cannot come back; add it under a new id',
      });
      continue;
    }
    const before = commands.length;
    commands.push(...changesOf(task, current, { ...base, taskId: task.id }, decision, leftOut));
    if (commands.length === before && !leftOut.some((l) => l.taskId === task.id)) unchanged += 1;
  }
  for (const [taskId, current] of recorded) {
    if (inDocument.has(taskId) || current.cancelled) continue;
    withdrawals.push({
      type: 'WithdrawTask',
      ...base,
      taskId,
      reason: `không còn trong kế hoạch điều chỉnh theo ${decision.decisionRef} / no longer in the plan as amended by ${decision.decisionRef}`,
      ...decision,
    });
  }
  return { commands: [...commands, ...withdrawals], leftOut, unchanged };
}

function changesOf(
  task: PlanTask,
  current: RecordedTask,
  base: { planYear: number; at: string; taskId: string },
  decision: Decision,
  leftOut: AmendmentLeftOut[],
): TaskCommand[] {
  const out: TaskCommand[] = [];
  const note = (vi: string, en: string) => leftOut.push({ taskId: task.id, vi, en });
  const title = task.title !== current.title ? { title: task.title } : {};
  const product = task.product !== current.product ? { product: task.product } : {};
  if ('title' in title || 'product' in product)
    out.push({ type: 'AmendTask', ...base, ...title, ...product, ...decision });
  if (task.area !== current.area)
    note(
      `lĩnh vực ${current.area} → ${task.area}: không đổi được; hãy rút nhiệm vụ và bổ sung với mã mới`,
      `area ${current.area} → ${task.area} cannot change; withdraw the task and add it under a new id`,
    );
  if (task.deadline.kind !== current.deadline.kind) {
    note(
      `loại thời hạn ${current.deadline.kind} → ${task.deadline.kind}: không đổi được bằng đặt thời hạn`,
      `deadline kind ${current.deadline.kind} → ${task.deadline.kind} cannot change by setting a deadline`,
    );
  } else if (task.deadline.kind === 'date' && task.deadline.due !== current.due) {
    out.push({ type: 'SetDeadline', ...base, due: task.deadline.due, ...decision });
  }
  const wanted = new Map<string, Role>([
    ...task.coordinators.map((u): [string, Role] => [u, 'coordinator']),
    ...task.lead.map((u): [string, Role] => [u, 'lead']),
  ]);
  const open = Object.values(current.assignments).filter((a: AssignmentState) => a.status !== 'cancelled');
  for (const [unitId, role] of wanted) {
    const held = open.find((a) => a.unitId === unitId);
    if (!held) out.push({ type: 'AssignTask', ...base, unitId, role, reason: reasonOf(decision) });
    else if (held.role !== role)
      note(
        `${unitId}: vai trò ${held.role} → ${role} không đổi được; hãy hủy giao rồi giao lại`,
        `${unitId}: role ${held.role} → ${role} cannot change; cancel the assignment and assign again`,
      );
  }
  for (const a of open) {
    if (wanted.has(a.unitId)) continue;
    if (a.status === 'completed')
      note(`${a.unitId} đã hoàn thành phần việc: không hủy`, `${a.unitId} has completed its assignment: not cancelled`);
    else out.push({ type: 'CancelTask', ...base, unitId: a.unitId, reason: reasonOf(decision) });
  }
  return out;
}

const reasonOf = (d: Decision) =>
  `điều chỉnh kế hoạch theo ${d.decisionRef} ngày ${d.decidedOn} / plan amended by ${d.decisionRef} of ${d.decidedOn}`;

/** A command's id within its decision: re-applying the same amended document writes nothing. */
export function amendmentCommandId(decisionRef: string, command: TaskCommand): string {
  const unit = 'unitId' in command && command.unitId ? `:${command.unitId}` : '';
  return `plan-amend:${decisionRef}:${command.type}:${command.taskId}${unit}`;
}
