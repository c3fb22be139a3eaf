import type { TaskState } from '../deciders/task-decider.ts';
import { taskDecider } from '../deciders/task-decider.ts';
import { type UnitsState, unitDecider } from '../deciders/unit-decider.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { DomainEvent } from '../events/domain/domain-event.ts';
import { localYearOf } from '../time/local-time.ts';
import type { CommandContext } from './command-context.ts';
import { type CommandOutcome, handleCommand } from './handle-command.ts';
import type { Reorganisation } from './ledger-command.ts';
import type { TaskDirectory } from './task-directory.ts';

export interface StreamDecision {
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
}

/** A merge or a split with its consequences (see decideReorganisation), as one atomic append. */
export function reorganiseUnit(
  store: EventStore,
  directory: TaskDirectory,
  command: Reorganisation,
  context: CommandContext,
): Promise<CommandOutcome> {
  return handleCommand(store, command, context, { directory });
}

/**
 * The pure part of a merge or split: the unit's event, then for each task where the unit holds an
 * assignment, that assignment passed to the successor (a lead one replacing the successor's
 * coordinating one), or closed as cancelled where the successor already holds an equal or
 * stronger one (a completed one stays as history). Throws RuleViolationError.
 */
export function decideReorganisation(
  command: Reorganisation,
  units: UnitsState,
  unitStream: string,
  tasks: Iterable<readonly [string, TaskState]>,
): StreamDecision[] {
  const unitEvents = unitDecider.decide(command, units);
  const successor =
    command.type === 'MergeUnit'
      ? command.intoUnitId
      : (unitEvents[0]!.data as { assignmentsTo: string }).assignmentsTo;
  const decisions: StreamDecision[] = [{ streamId: unitStream, events: unitEvents }];
  const year = localYearOf(command.at);
  for (const [streamId, state] of tasks) {
    // Only this year's plan moves with the unit; earlier plans are closed history.
    if (!state.defined || state.cancelled || state.planYear !== year) continue;
    const mine = state.assignments[command.unitId];
    if (!mine || mine.status === 'cancelled') continue;
    const theirs = state.assignments[successor];
    const reason = `${command.type === 'MergeUnit' ? 'Sáp nhập vào' : 'Chia tách, giao cho'} ${successor} (${command.decisionRef})`;
    const base = { planYear: state.planYear, taskId: state.taskId, unitId: command.unitId, at: command.at };
    if (!theirs || theirs.status === 'cancelled' || (theirs.role === 'coordinator' && mine.role === 'lead')) {
      decisions.push({
        streamId,
        events: taskDecider.decide({ type: 'ReassignTask', ...base, toUnitId: successor, reason }, state),
      });
    } else if (mine.status !== 'completed') {
      decisions.push({
        streamId,
        events: taskDecider.decide(
          { type: 'CancelTask', ...base, reason: `${reason}; ${successor} đã được giao nhiệm vụ này` },
          state,
        ),
      });
    }
  }
  return decisions;
}
