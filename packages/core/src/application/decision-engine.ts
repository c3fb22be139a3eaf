import type { Decider } from '../deciders/decider.ts';
import { type EvidenceEvent, type EvidenceState, evidenceDecider } from '../deciders/evidence-decider.ts';
import type { IndexEvent, IndexState } from '../deciders/index-decider.ts';
import { type PlanEvent, type PlanState, planDecider } from '../deciders/plan-decider.ts';
import { type TaskEvent, type TaskState, taskDecider } from '../deciders/task-decider.ts';
import { type UnitState, unitDecider } from '../deciders/unit-decider.ts';
import { shippedIndexDecider } from '../department-index/criteria-sets.ts';
import type { CchcError } from '../errors/cchc-error.ts';
import type { AppendedEventRef, AppendRequest, AppendResult, EventStore } from '../event-store/event-store.ts';
import { expectedRevisionAt } from '../event-store/expected-revision.ts';
import { upcast } from '../events/domain/upcasters.ts';
import type { NewEvent, RecordedEvent } from '../events/envelope.ts';
import type { CommandContext } from './command-context.ts';
import { decideCommand, type StagedCommand, type StreamRead, streamsReadBy } from './decide-command.ts';
import { type EntryDateRules, effectiveAt, receiptInFuture, unexplainedLateEntry } from './entry-dates.ts';
import type { LedgerCommand } from './ledger-command.ts';
import { isReorganisation } from './ledger-command.ts';
import { STANDARD_STREAMS, type StreamNames } from './stream-ids.ts';
import type { TaskDirectory } from './task-directory.ts';

/** What a stream's events fold to, by the decider that owns the stream. */
export type StreamValue =
  | { readonly kind: 'plan'; readonly state: PlanState }
  | { readonly kind: 'task'; readonly state: TaskState }
  | { readonly kind: 'unit'; readonly unitId: string; readonly state: UnitState | undefined }
  | { readonly kind: 'evidence'; readonly state: EvidenceState }
  | { readonly kind: 'index'; readonly state: IndexState };

export type StreamKind = StreamValue['kind'];

/** A stream as the store holds it. */
export interface StoredStream {
  readonly streamId: string;
  /** Last revision; -1 when the stream does not exist. */
  readonly revision: number;
  readonly value: StreamValue;
  /** Commands (causation ids) that wrote to the stream, with the position of their first event in it. */
  readonly commands: ReadonlyMap<string, number>;
}

/** A stream as a batch sees it: what the store holds plus what the batch has staged on it. */
export interface BatchStream {
  readonly stored: StoredStream;
  value: StreamValue;
  revision: number;
  /** Command ids staged on this stream by the batch. */
  readonly staged: Set<string>;
  readonly events: NewEvent[];
  /** The append checks this stream's revision: it is written, or a decision depends on it. */
  checked: boolean;
}

export interface DecisionEngineOptions {
  /** Which task streams hold a unit's assignments: needed to decide merges and splits. */
  readonly directory?: TaskDirectory;
  /**
   * Keep what was read and appended between batches, so that a stream is read from the store once.
   * Only for a process that is the store's only writer; an append still carries every stream's
   * expected revision, and after a conflict `forget()` drops what is kept.
   */
  readonly retainState?: boolean;
  /**
   * The store holds nothing this engine has not appended (a simulation into an empty store): a
   * stream not kept is taken to be empty, without a read. Checked once against the store's head;
   * the append's expected revisions still refuse a wrong assumption. Implies `retainState`.
   */
  readonly freshStore?: boolean;
  /** Now, for the entry-date rules (a command cannot happen in the future; one days old must say why). */
  readonly clock?: () => Date;
  readonly entryDates?: EntryDateRules;
}

/**
 * The one place commands are decided and their events appended, for every caller (CLI, API,
 * Kafka, simulator). A batch decides commands in order, each against the state the store holds
 * plus what the commands before it in the batch decided, and appends all of them atomically, each
 * stream at the revision it was read at. Redelivery detection, If-Match, the cross-stream rules
 * (plan issued, units named exist, reorganisations) and the stream layout live in `stageCommand`.
 */
export class DecisionEngine {
  private readonly streams = new Map<string, StoredStream>();
  private freshChecked: Promise<void> | undefined;
  /** Whether what is read and appended is kept between batches. */
  readonly retains: boolean;
  readonly now: () => Date;

  constructor(
    readonly store: EventStore,
    readonly options: DecisionEngineOptions = {},
  ) {
    this.retains = options.retainState === true || options.freshStore === true;
    this.now = options.clock ?? (() => new Date());
  }

  /** A new batch; several may be open at once (their appends are checked against each other by revision). */
  begin(options: BatchOptions = {}): DecisionBatch {
    return new DecisionBatch(this, options.logOrder ?? 'commands');
  }

  /** Drops what was kept (after a conflict or a failed append, or between independent scopes). */
  forget(): void {
    this.streams.clear();
  }

  /** The stream as last read or appended, else from the store. */
  async stored(streamId: string, kind: StreamKind, unitId?: string): Promise<StoredStream> {
    const kept = this.streams.get(streamId);
    if (kept) return kept;
    if (this.options.freshStore) {
      this.freshChecked ??= this.checkFresh();
      await this.freshChecked;
    }
    const events = this.options.freshStore ? [] : await this.store.readStream(streamId);
    const stream = storedStreamOf(streamId, kind, unitId, events);
    if (this.retains) this.streams.set(streamId, stream);
    return stream;
  }

  private async checkFresh(): Promise<void> {
    const head = await this.store.headPosition();
    if (head > 0) throw new Error(`the engine was told the store is empty, but it holds ${head} events`);
  }

  /** Kept task streams in which a unit holds an assignment (what the store's directory cannot see yet). */
  keptTaskStreamsOf(unitId: string): string[] {
    const found: string[] = [];
    for (const [streamId, s] of this.streams) if (holdsAssignment(s.value, unitId)) found.push(streamId);
    return found;
  }

  /** Called by a batch once its append is durable. */
  keep(streams: Iterable<StoredStream>): void {
    if (!this.retains) return;
    for (const s of streams) this.streams.set(s.streamId, s);
  }
}

export interface BatchOptions {
  /**
   * How the batch's events are laid out in the global log. `commands` (default): in the order they
   * were decided (a run of events on one stream is one append request). `streams`: grouped by
   * stream, in the order streams were first touched (fewer, larger requests; each stream's order
   * is kept, the interleaving of streams within the batch is not).
   */
  readonly logOrder?: 'commands' | 'streams';
}

/** A run of consecutive events on one stream: one append request. */
interface Segment {
  readonly stream: BatchStream;
  readonly expectedRevision: number;
  readonly events: NewEvent[];
}

/** One atomic append in the making. */
export class DecisionBatch {
  private readonly streams = new Map<string, BatchStream>();
  private readonly commands: StagedCommand[] = [];
  private readonly segments: Segment[] = [];
  private appended = false;
  private staged = 0;

  constructor(
    private readonly engine: DecisionEngine,
    private readonly logOrder: 'commands' | 'streams',
  ) {}

  /** Events staged so far. */
  get eventCount(): number {
    return this.staged;
  }

  /**
   * Decides one command against the batch's state and stages its events. A refusal or a
   * redelivery stages nothing; the verdict says which.
   */
  async stage(item: CommandToDecide): Promise<Verdict> {
    if (this.appended) throw new Error('this batch was appended: begin a new one');
    const now = this.engine.now();
    const reads = streamsReadBy(item.command, item.streams ?? STANDARD_STREAMS);
    const at = effectiveAt(item.command, now);
    if (at instanceof Error)
      return this.push({
        verdict: { kind: 'refused', streamId: reads[0]!.streamId, error: at, unknownUnits: [] },
        placements: [],
      });
    const timed: CommandToDecide = at === item.command.at ? item : { ...item, command: { ...item.command, at } };
    for (const read of reads) if (!this.streams.has(read.streamId)) await this.load(read);
    const { command } = timed;
    const taskStreams = isReorganisation(command) ? await this.taskStreamsOf(command.unitId, command.type) : [];
    return this.push(decideCommand(timed, reads, { ...this.view, admit: (i) => this.admit(i, now) }, taskStreams));
  }

  private push(staged: StagedCommand): Verdict {
    this.commands.push(staged);
    if (staged.verdict.kind === 'accepted') this.staged += staged.verdict.eventCount;
    return staged.verdict;
  }

  private admit(item: CommandToDecide, now: Date): Error | undefined {
    return (
      receiptInFuture(item.command, now) ??
      unexplainedLateEntry(item.command, item.context, now, this.engine.options.entryDates)
    );
  }

  private readonly view = {
    get: (streamId: string): BatchStream => {
      const s = this.streams.get(streamId);
      if (!s) throw new Error(`${streamId} was not read by this batch`);
      return s;
    },
    write: (stream: BatchStream, events: readonly NewEvent[]): number => this.write(stream, events),
    admit: (): Error | undefined => undefined,
  };

  /**
   * The append this batch makes: the segments of events, then a check of every stream a decision
   * depends on but nothing writes to.
   */
  requests(): AppendRequest[] {
    const requests: AppendRequest[] = this.segments.map((g) => ({
      streamId: g.stream.stored.streamId,
      events: g.events,
      expectedRevision: expectedRevisionAt(g.expectedRevision),
    }));
    for (const s of this.streams.values()) {
      if (s.checked && s.events.length === 0) {
        requests.push({ streamId: s.stored.streamId, events: [], expectedRevision: expectedRevisionAt(s.revision) });
      }
    }
    return requests;
  }

  /**
   * Appends everything staged as one atomic unit. Once durable, the engine keeps the batch's
   * state. Returns each accepted command's events.
   */
  async append(): Promise<BatchResult> {
    if (this.appended) throw new Error('this batch was appended already');
    this.appended = true;
    const requests = this.requests();
    const results = this.segments.length > 0 ? await appendAll(this.engine.store, requests) : [];
    /** Each stream's appended events, in the order of its events in the batch. */
    const refs = new Map<BatchStream, AppendedEventRef[]>();
    this.segments.forEach((g, i) => {
      let list = refs.get(g.stream);
      if (!list) {
        list = [];
        refs.set(g.stream, list);
      }
      list.push(...(results[i]?.events ?? []));
    });
    this.engine.keep([...this.streams.values()].map((s) => storedAfter(s, refs.get(s) ?? [])));
    return {
      idempotentReplay: results.length > 0 && results.every((r) => r.events.length === 0 || r.idempotentReplay),
      eventCount: this.staged,
      eventsOf: (index) =>
        (this.commands[index]?.placements ?? []).flatMap((p) => {
          const list = refs.get(this.streams.get(p.streamId)!) ?? [];
          return p.types.map((type, i) => ({ ...list[p.from + i]!, type }));
        }),
    };
  }

  /** Stages events on a stream; returns the index of the first among the stream's events in the batch. */
  private write(stream: BatchStream, events: readonly NewEvent[]): number {
    const from = stream.events.length;
    const last = this.segments[this.segments.length - 1];
    const segment =
      this.logOrder === 'streams'
        ? this.segments.find((g) => g.stream === stream)
        : last?.stream === stream
          ? last
          : undefined;
    if (segment) segment.events.push(...events);
    else this.segments.push({ stream, expectedRevision: stream.revision, events: [...events] });
    stream.events.push(...events);
    stream.revision += events.length;
    return from;
  }

  private async load(read: StreamRead): Promise<BatchStream> {
    const stored = await this.engine.stored(read.streamId, read.kind, read.unitId);
    const s: BatchStream = {
      stored,
      value: stored.value,
      revision: stored.revision,
      staged: new Set(),
      events: [],
      checked: false,
    };
    this.streams.set(read.streamId, s);
    return s;
  }

  /**
   * The task streams where a unit holds (or held) an assignment, read into the batch: what the
   * directory finds in the store, and what the batch and the engine hold that it cannot see yet.
   */
  private async taskStreamsOf(unitId: string, action: string): Promise<string[]> {
    const { directory } = this.engine.options;
    if (!directory && !this.engine.retains) {
      throw new TypeError(`${action} moves assignments: give the engine a TaskDirectory`);
    }
    const found = new Set(this.engine.keptTaskStreamsOf(unitId));
    for (const [streamId, s] of this.streams) if (holdsAssignment(s.value, unitId)) found.add(streamId);
    if (directory) for (const streamId of await directory.taskStreamsOfUnit(unitId)) found.add(streamId);
    const streams = [...found].sort();
    for (const streamId of streams) if (!this.streams.has(streamId)) await this.load({ streamId, kind: 'task' });
    return streams;
  }
}

/** A command and who issues it; `streams` names the streams (a simulated department has its own). */
export interface CommandToDecide {
  readonly command: LedgerCommand;
  readonly context: CommandContext & { readonly commandId: string };
  readonly streams?: StreamNames;
}

/** What became of one command of a batch. */
export type Verdict =
  | {
      readonly kind: 'accepted';
      /** The stream the command acts on (a merge's unit stream): its first event is there. */
      readonly streamId: string;
      readonly eventCount: number;
    }
  /** The command (its id) already wrote to the stream it acts on: nothing is staged again. */
  | { readonly kind: 'duplicate'; readonly streamId: string; readonly firstPosition: number | undefined }
  | {
      readonly kind: 'refused';
      readonly streamId: string;
      /** A RuleViolationError or a ConcurrencyError (If-Match); any other error is a fault in deciding. */
      readonly error: CchcError | Error;
      /** Units the command names that do not exist (a refusal's likely cause). */
      readonly unknownUnits: readonly string[];
    };

export interface BatchResult {
  /** Every event was already stored by an identical earlier append (nothing was written). */
  readonly idempotentReplay: boolean;
  readonly eventCount: number;
  /** The appended events of the index-th staged command (none unless it was accepted). */
  eventsOf(index: number): {
    readonly eventId: string;
    readonly type: string;
    readonly globalPosition: number;
    readonly streamRevision: number;
  }[];
}

/** One stream goes through the store's single-stream append (the native one of every adapter). */
async function appendAll(store: EventStore, requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
  const only = requests.length === 1 ? requests[0] : undefined;
  if (!only) return store.appendMany(requests);
  return [await store.appendToStream(only.streamId, only.events, { expectedRevision: only.expectedRevision ?? 'any' })];
}

function holdsAssignment(value: StreamValue, unitId: string): boolean {
  return value.kind === 'task' && value.state.defined && value.state.assignments[unitId] !== undefined;
}

/** The stream once the batch's append is durable; `refs` are its appended events, in order. */
function storedAfter(s: BatchStream, refs: readonly AppendedEventRef[]): StoredStream {
  if (s.events.length === 0) return s.stored;
  const commands = new Map(s.stored.commands);
  s.events.forEach((e, i) => {
    const causation = e.metadata.causationId;
    const position = refs[i]?.globalPosition;
    if (causation !== undefined && position !== undefined && !commands.has(causation))
      commands.set(causation, position);
  });
  return { streamId: s.stored.streamId, revision: s.revision, value: s.value, commands };
}

/** Folds a stream's stored events with the decider that owns it. */
export function storedStreamOf(
  streamId: string,
  kind: StreamKind,
  unitId: string | undefined,
  events: readonly RecordedEvent[],
): StoredStream {
  const commands = new Map<string, number>();
  for (const e of events) {
    const id = e.metadata.causationId;
    if (id !== undefined && !commands.has(id)) commands.set(id, e.globalPosition);
  }
  const revision = events.length === 0 ? -1 : events[events.length - 1]!.streamRevision;
  return { streamId, revision, commands, value: foldStream(kind, unitId, events) };
}

function foldStream(kind: StreamKind, unitId: string | undefined, events: readonly RecordedEvent[]): StreamValue {
  switch (kind) {
    case 'plan':
      return { kind, state: fold<PlanState, PlanEvent>(planDecider, events) };
    case 'task':
      return { kind, state: fold<TaskState, TaskEvent>(taskDecider, events) };
    case 'unit': {
      if (unitId === undefined) throw new TypeError('a unit stream needs its unit id');
      return { kind, unitId, state: fold(unitDecider, events)[unitId] };
    }
    case 'evidence':
      return { kind, state: fold<EvidenceState, EvidenceEvent>(evidenceDecider, events) };
    case 'index':
      return { kind, state: fold<IndexState, IndexEvent>(shippedIndexDecider, events) };
  }
}

/**
 * Stored events are the deciders' own (validated at the edges when they came in), so they are
 * folded without a second validation; older schema versions are upcast first.
 */
function fold<State, Event>(decider: Decider<State, never, Event>, events: readonly RecordedEvent[]): State {
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, upcast(e) as unknown as Event);
  return state;
}
