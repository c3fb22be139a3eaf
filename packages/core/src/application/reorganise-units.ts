import type { UnitCommand } from '../commands/unit-commands.ts';
import { foldEvents } from '../deciders/decider.ts';
import { type TaskEvent, type TaskState, taskDecider } from '../deciders/task-decider.ts';
import { type UnitEvent, type UnitsState, unitDecider } from '../deciders/unit-decider.ts';
import { ConcurrencyError } from '../errors/store-errors.ts';
import type { AppendRequest, EventStore } from '../event-store/event-store.ts';
import type { DomainEvent } from '../events/domain/domain-event.ts';
import { upcast } from '../events/domain/upcasters.ts';
import { localYearOf } from '../time/local-time.ts';
import { type CommandContext, newCommandId } from './command-context.ts';
import { type CommandOutcome, previousOutcome, toNewEvents } from './decide-and-append.ts';
import { unitStreamId } from './stream-ids.ts';
import type { TaskDirectory } from './task-directory.ts';

export type Reorganisation = Extract<UnitCommand, { type: 'MergeUnit' | 'SplitUnit' }>;

export interface StreamDecision {
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
}

/**
 * A merge or a split with its consequences (see decideReorganisation), as one atomic append over
 * every stream it touches. Nothing is written if any part is refused.
 */
export async function reorganiseUnit(
  store: EventStore,
  directory: TaskDirectory,
  command: Reorganisation,
  context: CommandContext,
): Promise<CommandOutcome> {
  const commandId = context.commandId ?? newCommandId();
  const unitStream = unitStreamId(command.unitId);
  const own = await store.readStream(unitStream);
  const previous = await previousOutcome(store, own, unitStream, commandId);
  if (previous) return previous;
  if (context.expectedRevision !== undefined && context.expectedRevision !== lastRevision(own)) {
    throw new ConcurrencyError(unitStream, context.expectedRevision, lastRevision(own));
  }

  const targets = command.type === 'MergeUnit' ? [command.intoUnitId] : command.intoUnitIds;
  let units = foldEvents(
    unitDecider,
    own.map((e) => upcast(e) as unknown as UnitEvent),
  );
  for (const target of targets) {
    for (const e of await store.readStream(unitStreamId(target)))
      units = unitDecider.evolve(units, upcast(e) as unknown as UnitEvent);
  }
  const revisions = new Map<string, number>([[unitStream, lastRevision(own)]]);
  const tasks: [string, TaskState][] = [];
  for (const streamId of await directory.taskStreamsOfUnit(command.unitId)) {
    const events = await store.readStream(streamId);
    revisions.set(streamId, lastRevision(events));
    tasks.push([
      streamId,
      foldEvents(
        taskDecider,
        events.map((e) => upcast(e) as unknown as TaskEvent),
      ),
    ]);
  }
  const decisions = decideReorganisation(command, units, unitStream, tasks);
  // The successors' streams are read but not written: check their revisions in the same append,
  // so two crossing reorganisations (a into b, b into a) cannot both succeed.
  const targetChecks: AppendRequest[] = [];
  for (const target of targets) {
    const revision =
      (await store.readStream(unitStreamId(target), { direction: 'backwards', maxCount: 1 }))[0]?.streamRevision ?? -1;
    targetChecks.push({
      streamId: unitStreamId(target),
      events: [],
      expectedRevision: revision < 0 ? 'no_stream' : revision,
    });
  }

  let index = 0;
  const requests: AppendRequest[] = decisions.map((d) => {
    const events = toNewEvents(d.events, { commandId, context, at: command.at, firstIndex: index });
    index += events.length;
    const expected = revisions.get(d.streamId) ?? -1;
    return { streamId: d.streamId, events, expectedRevision: expected < 0 ? 'no_stream' : expected };
  });
  const results = (await store.appendMany([...requests, ...targetChecks])).slice(0, requests.length);
  return {
    streamId: unitStream,
    commandId,
    alreadyHandled: results.every((r) => r.idempotentReplay),
    events: results.flatMap((r, i) => r.events.map((ref, j) => ({ ...ref, type: decisions[i]!.events[j]!.type }))),
  };
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

function lastRevision(events: readonly { streamRevision: number }[]): number {
  return events.length === 0 ? -1 : events[events.length - 1]!.streamRevision;
}
