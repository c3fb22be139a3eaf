import {
  type AppendRequest,
  type CommandContext,
  type DomainEvent,
  type EventStore,
  type NewEvent,
  planStreamId,
  type RecordedEvent,
  type RuleCode,
  RuleViolationError,
  type TaskEvent,
  type TaskState,
  taskDecider,
  taskStreamId,
  toNewEvents,
  type UnitEvent,
  type UnitState,
  type UnitsState,
  unitDecider,
  unitStreamId,
  upcast,
} from '@cchc/core';
import type { IngestCommand } from './command-message.ts';
import type { RejectReason } from './reject-reason.ts';

/** What became of one command of a batch. */
export type CommandVerdict =
  | { readonly kind: 'accepted'; readonly events: number }
  /** Handled before (same command id in its stream): nothing is written again. */
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string };

export interface BatchDecision {
  readonly verdicts: readonly CommandVerdict[];
  /** One atomic append for the whole batch, each stream at its expected revision. */
  readonly requests: readonly AppendRequest[];
  readonly eventCount: number;
  /** Publishes the batch's state to the cache: call only once the append is durable. */
  commit(): void;
}

interface StreamFacts {
  /** Last revision, -1 when the stream does not exist. */
  readonly revision: number;
  /** Commands (causation ids) that wrote to the stream; the batch's own are kept apart until commit. */
  readonly commands: Set<string>;
}

interface TaskEntry extends StreamFacts {
  readonly state: TaskState;
}

interface BatchReads {
  readonly tasks: ReadonlyMap<string, TaskEntry>;
  readonly unitStreams: ReadonlyMap<string, StreamFacts>;
  /** Plans (their streams) known to be issued. */
  readonly plans: ReadonlySet<string>;
  readonly units: UnitsState;
}

const UNKNOWN_TASK_RULES: ReadonlySet<RuleCode> = new Set(['TASK_NOT_DEFINED']);
const UNKNOWN_UNIT_RULES: ReadonlySet<RuleCode> = new Set(['UNIT_UNKNOWN', 'MERGE_TARGET_UNKNOWN']);

/**
 * Decides a batch of commands with the real deciders against state kept in memory, so a batch
 * costs no read per command: a stream is read once, the first time a command touches it. The
 * worker is the store's only writer (the DuckDB file lock), and every append still carries each
 * stream's expected revision: if another writer moved a stream, the append fails with a conflict,
 * the cache is dropped and the batch decided again.
 *
 * A command whose id already wrote to its stream is a redelivery and writes nothing, whatever the
 * state is now (like `decideAndAppend`).
 */
export class BatchDecider {
  private tasks = new Map<string, TaskEntry>();
  private unitStreams = new Map<string, StreamFacts>();
  private units: UnitsState = {};
  private plans = new Map<string, boolean>();

  constructor(
    private readonly store: EventStore,
    private readonly defaultActor: string,
  ) {}

  /** Forgets everything (after a revision conflict). */
  invalidate(): void {
    this.tasks = new Map();
    this.unitStreams = new Map();
    this.units = {};
    this.plans = new Map();
  }

  async decide(commands: readonly IngestCommand[]): Promise<BatchDecision> {
    // What the batch reads, held apart from the cache: invalidate() by a concurrent batch of
    // another partition must not pull state from under this one.
    const read = await this.load(commands);
    const tasks = new Map<string, TaskEntry>();
    const unitStreams = new Map<string, StreamFacts>();
    let units = read.units;
    const changedUnits = new Set<string>();
    // One request per stream, its events in command order: per-stream order is what a key
    // (task id) promises; how streams interleave in the global log within a batch is not.
    const requests = new Map<string, { streamId: string; expectedRevision: number; events: NewEvent[] }>();
    /** Command ids this batch handled, per stream. */
    const handled = new Map<string, Set<string>>();
    const seen = (streamId: string, facts: StreamFacts, commandId: string) =>
      facts.commands.has(commandId) || handled.get(streamId)?.has(commandId) === true;
    const taskFacts = (streamId: string) => tasks.get(streamId) ?? read.tasks.get(streamId)!;
    const unitFacts = (unitId: string) =>
      unitStreams.get(unitStreamId(unitId)) ?? read.unitStreams.get(unitStreamId(unitId))!;

    const verdicts = commands.map((item): CommandVerdict => {
      const { envelope } = item;
      const context: CommandContext = {
        actor: envelope.actor ?? this.defaultActor,
        source: 'kafka',
        commandId: envelope.commandId,
        ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
      };
      try {
        if (item.kind === 'task') {
          const { command } = item;
          const streamId = taskStreamId(command.planYear, command.taskId);
          const facts = taskFacts(streamId);
          if (seen(streamId, facts, envelope.commandId)) return { kind: 'duplicate' };
          const missingUnit = unitsNamed(item).find((u) => unitFacts(u).revision < 0);
          if (missingUnit)
            return {
              kind: 'rejected',
              reason: 'unknown-unit',
              message: `đơn vị không tồn tại — unknown unit: ${missingUnit}`,
            };
          if (command.type === 'DefineTask' && !read.plans.has(planStreamId(command.planYear))) {
            throw new RuleViolationError('PLAN_NOT_ISSUED', {
              action: { vi: 'xác định', en: 'define' },
              taskId: command.taskId,
            });
          }
          const decided = taskDecider.decide(command, facts.state);
          const state = decided.reduce<TaskState>((s, e) => taskDecider.evolve(s, e), facts.state);
          tasks.set(streamId, { state, ...push(streamId, facts, decided, envelope.commandId, context, command.at) });
          return { kind: 'accepted', events: decided.length };
        }
        const { command } = item;
        const streamId = unitStreamId(command.unitId);
        const facts = unitFacts(command.unitId);
        if (seen(streamId, facts, envelope.commandId)) return { kind: 'duplicate' };
        const decided = unitDecider.decide(command, units);
        units = decided.reduce<UnitsState>((s, e) => unitDecider.evolve(s, e), units);
        changedUnits.add(command.unitId);
        unitStreams.set(streamId, push(streamId, facts, decided, envelope.commandId, context, command.at));
        return { kind: 'accepted', events: decided.length };
      } catch (error) {
        if (error instanceof RuleViolationError) {
          const reason: RejectReason = UNKNOWN_TASK_RULES.has(error.rule)
            ? 'unknown-task'
            : UNKNOWN_UNIT_RULES.has(error.rule)
              ? 'unknown-unit'
              : 'rule-violation';
          return { kind: 'rejected', reason, message: error.message };
        }
        return {
          kind: 'rejected',
          reason: 'internal-error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    });

    function push(
      streamId: string,
      facts: StreamFacts,
      decided: readonly DomainEvent[],
      commandId: string,
      context: CommandContext,
      at: string,
    ): StreamFacts {
      // A command that decided nothing wrote nothing: a redelivery is decided again, harmlessly.
      if (decided.length === 0) return facts;
      let mine = handled.get(streamId);
      if (!mine) {
        mine = new Set();
        handled.set(streamId, mine);
      }
      mine.add(commandId);
      const events = toNewEvents(decided, { commandId, context, at });
      const request = requests.get(streamId);
      if (request) request.events.push(...events);
      else requests.set(streamId, { streamId, expectedRevision: facts.revision, events });
      return { revision: facts.revision + events.length, commands: facts.commands };
    }

    return {
      verdicts,
      requests: [...requests.values()].map((r) => ({
        streamId: r.streamId,
        events: r.events,
        expectedRevision: r.expectedRevision < 0 ? 'no_stream' : r.expectedRevision,
      })),
      eventCount: [...requests.values()].reduce((n, r) => n + r.events.length, 0),
      commit: () => {
        for (const [streamId, entry] of tasks) this.tasks.set(streamId, entry);
        for (const [streamId, facts] of unitStreams) this.unitStreams.set(streamId, facts);
        for (const [streamId, ids] of handled) {
          const commands = (tasks.get(streamId) ?? unitStreams.get(streamId))!.commands;
          for (const id of ids) commands.add(id);
        }
        // Only the units this batch changed: another partition's batch may have changed others.
        const merged: Record<string, UnitState> = { ...this.units };
        for (const unitId of changedUnits) if (units[unitId]) merged[unitId] = units[unitId];
        this.units = merged;
      },
    };
  }

  /** The state of every stream the batch's commands touch, each read from the store once. */
  private async load(commands: readonly IngestCommand[]): Promise<BatchReads> {
    const tasks = new Map<string, TaskEntry>();
    const unitStreams = new Map<string, StreamFacts>();
    const plans = new Set<string>();
    for (const item of commands) {
      if (item.kind === 'task') {
        const { command } = item;
        const streamId = taskStreamId(command.planYear, command.taskId);
        let entry = this.tasks.get(streamId);
        if (!entry) {
          const events = await this.store.readStream(streamId);
          const state = events.reduce<TaskState>(
            (s, e) => taskDecider.evolve(s, upcast(e) as unknown as TaskEvent),
            taskDecider.initialState(),
          );
          entry = { state, ...factsOf(events) };
          this.tasks.set(streamId, entry);
        }
        tasks.set(streamId, entry);
        if (command.type === 'DefineTask') {
          const plan = planStreamId(command.planYear);
          if (!this.plans.has(plan)) this.plans.set(plan, (await this.store.streamRevision(plan)) >= 0);
          if (this.plans.get(plan)) plans.add(plan);
        }
      }
      for (const unitId of unitsNamed(item)) unitStreams.set(unitStreamId(unitId), await this.loadUnit(unitId));
    }
    return { tasks, unitStreams, plans, units: this.units };
  }

  private async loadUnit(unitId: string): Promise<StreamFacts> {
    const streamId = unitStreamId(unitId);
    const cached = this.unitStreams.get(streamId);
    if (cached) return cached;
    const events = await this.store.readStream(streamId);
    this.units = events.reduce<UnitsState>(
      (s, e) => unitDecider.evolve(s, upcast(e) as unknown as UnitEvent),
      this.units,
    );
    const facts = factsOf(events);
    this.unitStreams.set(streamId, facts);
    return facts;
  }
}

function factsOf(events: readonly RecordedEvent[]): StreamFacts {
  return {
    revision: events.length === 0 ? -1 : events[events.length - 1]!.streamRevision,
    commands: new Set(events.map((e) => e.metadata.causationId).filter((id): id is string => id !== undefined)),
  };
}

/** Units a command names that must exist: the acting unit, a reassignment's target, a parent. */
function unitsNamed(item: IngestCommand): string[] {
  const named: (string | undefined)[] = [];
  if (item.kind === 'task') {
    const c = item.command;
    if ('unitId' in c) named.push(c.unitId);
    if (c.type === 'ReassignTask') named.push(c.toUnitId);
  } else {
    // The acting unit's stream is read too (a unit being established does not exist yet).
    if (item.command.type === 'EstablishUnit') named.push(item.command.parentId);
    named.push(item.command.unitId);
  }
  return named.filter((u): u is string => u !== undefined);
}
