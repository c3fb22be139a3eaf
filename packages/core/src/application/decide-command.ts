import type { TaskCommand } from '../commands/task-commands.ts';
import { EVIDENCE_COMMAND_ACTIONS, type EvidenceEvent, evidenceDecider } from '../deciders/evidence-decider.ts';
import { INDEX_COMMAND_ACTIONS, type IndexEvent } from '../deciders/index-decider.ts';
import { type PlanEvent, planDecider } from '../deciders/plan-decider.ts';
import { RuleViolationError } from '../deciders/rule-violation.ts';
import { TASK_COMMAND_ACTIONS, type TaskEvent, type TaskState, taskDecider } from '../deciders/task-decider.ts';
import { type UnitEvent, type UnitState, type UnitsState, unitDecider } from '../deciders/unit-decider.ts';
import { shippedIndexDecider } from '../department-index/criteria-sets.ts';
import { ConcurrencyError } from '../errors/store-errors.ts';
import type { DomainEvent } from '../events/domain/domain-event.ts';
import type { NewEvent } from '../events/envelope.ts';
import type { BatchStream, CommandToDecide, StreamKind, StreamValue, Verdict } from './decision-engine.ts';
import {
  definesTask,
  evidenceFilesOf,
  indexEvidenceFilesOf,
  isEvidenceCommand,
  isIndexCommand,
  isPlanCommand,
  isReorganisation,
  isTaskCommand,
  type LedgerCommand,
  unitsNamedBy,
  unitsReadBy,
} from './ledger-command.ts';
import { toNewEvents } from './new-events.ts';
import { decideReorganisation, type StreamDecision } from './reorganise-units.ts';
import { evidenceStreamId, indexStreamId, type StreamNames } from './stream-ids.ts';

/** Where a staged command's events sit in the batch's request for a stream. */
export interface Placement {
  readonly streamId: string;
  /** Index of its first event among the events the batch appends to that stream. */
  readonly from: number;
  readonly types: readonly string[];
}

export interface StagedCommand {
  readonly verdict: Verdict;
  readonly placements: readonly Placement[];
}

/** A stream a command reads before it can be decided. */
export interface StreamRead {
  readonly streamId: string;
  readonly kind: StreamKind;
  readonly unitId?: string;
}

/**
 * The streams a command reads, the one it acts on first: a plan command its plan; a task command
 * its task, the plan it is defined under, the units it names; a unit command the units it reads.
 * A reorganisation also reads the task streams where the unit holds assignments (found by the batch).
 */
export function streamsReadBy(command: LedgerCommand, names: StreamNames): StreamRead[] {
  if (isPlanCommand(command)) return [{ streamId: names.plan(command.year), kind: 'plan' }];
  const units = (ids: readonly string[]) =>
    ids.map((unitId): StreamRead => ({ streamId: names.unit(unitId), kind: 'unit', unitId }));
  const evidence = (hashes: readonly string[]) =>
    [...new Set(hashes)].map((h): StreamRead => ({ streamId: evidenceStreamId(h), kind: 'evidence' }));
  if (isIndexCommand(command)) {
    const own: StreamRead = { streamId: indexStreamId(command.departmentId, command.year), kind: 'index' };
    return [own, ...evidence(indexEvidenceFilesOf(command))];
  }
  if (isEvidenceCommand(command)) {
    return [...evidence([command.sha256]), ...units(command.unitId ? [command.unitId] : [])];
  }
  if (isTaskCommand(command)) {
    const reads: StreamRead[] = [{ streamId: names.task(command.planYear, command.taskId), kind: 'task' }];
    if (definesTask(command)) reads.push({ streamId: names.plan(command.planYear), kind: 'plan' });
    return [...reads, ...units(unitsNamedBy(command)), ...evidence(evidenceFilesOf(command))];
  }
  return units(unitsReadBy(command));
}

/** The batch as a decision sees it: streams already read, and where events are staged. */
export interface BatchView {
  /** A stream the batch has read: every one of `streamsReadBy`, and a reorganisation's task streams. */
  get(streamId: string): BatchStream;
  /** Stages events on a stream (its revision moves on); the index of the first among its staged events. */
  write(stream: BatchStream, events: readonly NewEvent[]): number;
  /** The engine's rules that read no stream (entry dates), once the decider has accepted the command. */
  admit(item: CommandToDecide): Error | undefined;
}

/**
 * Decides one command over streams the batch has read, and stages its events. In order: a
 * command whose id already wrote to the stream it acts on is a duplicate; an If-Match revision
 * must hold; then the cross-stream rules and the decider. Nothing is staged unless all pass.
 * Synchronous: every read was made before.
 */
export function decideCommand(
  item: CommandToDecide,
  reads: readonly StreamRead[],
  view: BatchView,
  taskStreams: readonly string[] = [],
): StagedCommand {
  const { command } = item;
  const streams = reads.map((r) => view.get(r.streamId));
  const own = streams[0]!;
  const early = precheck(item, own);
  if (early) return early;
  if (isPlanCommand(command)) {
    return decideThen(item, own, view, () => [
      { streamId: own.stored.streamId, events: planDecider.decide(command, planState(own)) },
    ]);
  }
  if (isTaskCommand(command)) return decideTaskCommand(item, command, reads, streams, view);
  if (isIndexCommand(command)) {
    return decideThen(item, own, view, () => {
      const events = shippedIndexDecider.decide(command, indexState(own));
      const missing = streams.filter((s) => s.value.kind === 'evidence' && !s.value.state.recorded);
      if (missing.length > 0) {
        const names = missing.map((s) => s.stored.streamId.replace(/^evidence-/u, '')).join(', ');
        throw new RuleViolationError(
          'EVIDENCE_FILE_UNKNOWN',
          { action: INDEX_COMMAND_ACTIONS[command.type], unitId: command.departmentId },
          { vi: names, en: names },
        );
      }
      return [{ streamId: own.stored.streamId, events }];
    });
  }
  if (isEvidenceCommand(command)) {
    const unit = streams[1];
    const unknownUnits = unit && command.unitId && unitState(unit) === undefined ? [command.unitId] : [];
    return decideThen(
      item,
      own,
      view,
      () => {
        if (unknownUnits.length > 0) {
          throw new RuleViolationError('UNIT_UNKNOWN', {
            action: EVIDENCE_COMMAND_ACTIONS[command.type],
            unitId: command.unitId,
          });
        }
        const uploadedBy = item.context.actor;
        return [
          {
            streamId: own.stored.streamId,
            events: evidenceDecider.decide({ ...command, uploadedBy }, evidenceState(own)),
          },
        ];
      },
      { unknownUnits },
    );
  }
  if (isReorganisation(command)) {
    const tasks = new Map(taskStreams.map((id) => [id, view.get(id)]));
    return decideThen(
      item,
      own,
      view,
      () =>
        decideReorganisation(
          command,
          unitsStateOf(streams),
          own.stored.streamId,
          [...tasks].map(([id, s]): [string, TaskState] => [id, taskState(s)]),
        ),
      // The successors' streams are read, not written: the append checks their revisions, so two
      // crossing reorganisations (a into b, b into a) cannot both succeed.
      { others: tasks, alsoCheck: streams.slice(1) },
    );
  }
  return decideThen(item, own, view, () => [
    { streamId: own.stored.streamId, events: unitDecider.decide(command, unitsStateOf(streams)) },
  ]);
}

/**
 * A task is defined only under an issued plan. A unit a task command names must exist: where the
 * task decider refuses anyway (a unit that does not exist holds no assignment) its rule stands and
 * the verdict lists the unknown unit; where it would accept (assigning or reassigning to it), the
 * command is refused with UNIT_UNKNOWN.
 */
function decideTaskCommand(
  item: CommandToDecide,
  command: TaskCommand,
  reads: readonly StreamRead[],
  streams: readonly BatchStream[],
  view: BatchView,
): StagedCommand {
  const task = streams[0]!;
  const plan = streams.find((s) => s.value.kind === 'plan');
  const unknownUnits = reads.flatMap((r, i) =>
    r.unitId !== undefined && unitState(streams[i]!) === undefined ? [r.unitId] : [],
  );
  return decideThen(
    item,
    task,
    view,
    () => {
      if (plan && !planState(plan).issued) {
        throw new RuleViolationError(
          'PLAN_NOT_ISSUED',
          { action: TASK_COMMAND_ACTIONS[command.type], taskId: command.taskId },
          { vi: `năm ${command.planYear}`, en: `year ${command.planYear}` },
        );
      }
      const events = taskDecider.decide(command, taskState(task));
      const missing = streams.filter((s) => s.value.kind === 'evidence' && !s.value.state.recorded);
      if (missing.length > 0) {
        const names = missing.map((s) => s.stored.streamId.replace(/^evidence-/u, '')).join(', ');
        throw new RuleViolationError(
          'EVIDENCE_FILE_UNKNOWN',
          { action: TASK_COMMAND_ACTIONS[command.type], taskId: command.taskId },
          { vi: names, en: names },
        );
      }
      const unknown = unknownUnits[0];
      if (unknown !== undefined) {
        throw new RuleViolationError('UNIT_UNKNOWN', {
          action: TASK_COMMAND_ACTIONS[command.type],
          taskId: command.taskId,
          unitId: unknown,
        });
      }
      return [{ streamId: task.stored.streamId, events }];
    },
    { unknownUnits },
  );
}

const NONE: readonly never[] = [];
const NO_STREAMS: ReadonlyMap<string, BatchStream> = new Map();

/** A redelivery, or a stale If-Match: nothing to decide. */
function precheck(item: CommandToDecide, own: BatchStream): StagedCommand | undefined {
  const { commandId, expectedRevision } = item.context;
  const streamId = own.stored.streamId;
  if (own.staged.has(commandId) || own.stored.commands.has(commandId)) {
    return {
      verdict: { kind: 'duplicate', streamId, firstPosition: own.stored.commands.get(commandId) },
      placements: [],
    };
  }
  if (expectedRevision !== undefined && expectedRevision !== own.revision) {
    return refused(streamId, new ConcurrencyError(streamId, expectedRevision, own.revision), []);
  }
  return undefined;
}

/**
 * Runs the decision; a rule refusal (or a fault in deciding) stages nothing and becomes the
 * verdict. Otherwise stages each stream's events, evolving the batch's state of that stream.
 */
function decideThen(
  item: CommandToDecide,
  own: BatchStream,
  view: BatchView,
  decide: () => StreamDecision[],
  options: {
    /** Reported with a refusal. */
    readonly unknownUnits?: readonly string[];
    /** Streams other than `own` the decision may write to. */
    readonly others?: ReadonlyMap<string, BatchStream>;
    /** Streams read, not written, whose revision the append must check when the command is accepted. */
    readonly alsoCheck?: readonly BatchStream[];
  } = {},
): StagedCommand {
  const { unknownUnits = NONE, others = NO_STREAMS, alsoCheck = NONE } = options;
  const streamId = own.stored.streamId;
  let decisions: StreamDecision[];
  try {
    decisions = decide();
    const refusal = view.admit(item);
    if (refusal) throw refusal;
  } catch (error) {
    if (error instanceof Error) return refused(streamId, error, unknownUnits);
    throw error;
  }
  const { context } = item;
  const { commandId } = context;
  const placements: Placement[] = [];
  let index = 0;
  let count = 0;
  for (const d of decisions) {
    if (d.events.length === 0) continue;
    const target = d.streamId === streamId ? own : others.get(d.streamId);
    if (!target) throw new Error(`decided events for ${d.streamId}, a stream the command did not read`);
    const envelopes = toNewEvents(d.events, { commandId, context, at: item.command.at, firstIndex: index });
    index += envelopes.length;
    placements.push({ streamId: d.streamId, from: view.write(target, envelopes), types: d.events.map((e) => e.type) });
    target.value = evolveValue(target.value, d.events);
    target.staged.add(commandId);
    target.checked = true;
    count += envelopes.length;
  }
  for (const s of alsoCheck) s.checked = true;
  return { verdict: { kind: 'accepted', streamId, eventCount: count }, placements };
}

function refused(streamId: string, error: Error, unknownUnits: readonly string[]): StagedCommand {
  return { verdict: { kind: 'refused', streamId, error, unknownUnits }, placements: [] };
}

/**
 * Folds decided events into the batch's state of their stream. They come from the decider that
 * owns the stream (a reorganisation's task events from the task decider), hence the narrowing.
 */
function evolveValue(value: StreamValue, events: readonly DomainEvent[]): StreamValue {
  switch (value.kind) {
    case 'plan':
      return { kind: 'plan', state: events.reduce((s, e) => planDecider.evolve(s, e as PlanEvent), value.state) };
    case 'task':
      return { kind: 'task', state: events.reduce((s, e) => taskDecider.evolve(s, e as TaskEvent), value.state) };
    case 'unit': {
      const units = events.reduce<UnitsState>(
        (s, e) => unitDecider.evolve(s, e as UnitEvent),
        value.state ? { [value.unitId]: value.state } : {},
      );
      return { kind: 'unit', unitId: value.unitId, state: units[value.unitId] };
    }
    case 'evidence':
      return {
        kind: 'evidence',
        state: events.reduce((s, e) => evidenceDecider.evolve(s, e as EvidenceEvent), value.state),
      };
    case 'index':
      return {
        kind: 'index',
        state: events.reduce((s, e) => shippedIndexDecider.evolve(s, e as IndexEvent), value.state),
      };
  }
}

function unitsStateOf(streams: readonly BatchStream[]): UnitsState {
  const units: Record<string, UnitState> = {};
  for (const s of streams) {
    const state = unitState(s);
    if (state) units[state.unitId] = state;
  }
  return units;
}

function unitState(s: BatchStream): UnitState | undefined {
  if (s.value.kind !== 'unit') throw new TypeError(`${s.stored.streamId} is not a unit stream`);
  return s.value.state;
}

function taskState(s: BatchStream): TaskState {
  if (s.value.kind !== 'task') throw new TypeError(`${s.stored.streamId} is not a task stream`);
  return s.value.state;
}

function evidenceState(s: BatchStream) {
  if (s.value.kind !== 'evidence') throw new TypeError(`${s.stored.streamId} is not an evidence stream`);
  return s.value.state;
}

function indexState(s: BatchStream) {
  if (s.value.kind !== 'index') throw new TypeError(`${s.stored.streamId} is not an index stream`);
  return s.value.state;
}

function planState(s: BatchStream) {
  if (s.value.kind !== 'plan') throw new TypeError(`${s.stored.streamId} is not a plan stream`);
  return s.value.state;
}
