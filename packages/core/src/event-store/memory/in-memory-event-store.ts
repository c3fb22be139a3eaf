import type { TaskDirectory } from '../../application/task-directory.ts';
import { ConcurrencyError, StoreClosedError } from '../../errors/store-errors.ts';
import type { NewEvent, RecordedEvent } from '../../events/envelope.ts';
import { type NormalisedRequest, normaliseRequests } from '../append-input.ts';
import type { LedgerStore, StoreCapabilities } from '../capabilities.ts';
import type { ChainAnchor, ChainVerification, VerifyProgress } from '../chain-verification.ts';
import type {
  AppendRequest,
  AppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.ts';
import { type ExpectedRevision, revisionMatches } from '../expected-revision.ts';
import { canonicalContent, chainHash, GENESIS_HASH } from '../hash-chain.ts';
import { importWithClock } from '../log-import.ts';
import { replayVerdicts, type StoredEventRow } from '../replay-verdicts.ts';
import { subscribeByPolling } from '../subscribe-by-polling.ts';

export interface InMemoryEventStoreOptions {
  /** The store clock (recordedAt). Tests pin it. */
  readonly clock?: () => Date;
}

/** An event as this adapter keeps it: the exact JSON texts the hash covers, parsed again on every read. */
interface Row {
  readonly event: Omit<RecordedEvent, 'data' | 'metadata'>;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly taskUnitIds: readonly string[];
}

/**
 * The in-memory adapter: the whole contract (expected revisions, idempotency by event id, atomic
 * multi-stream appends, dense positions, catch-up then live subscriptions, a hash chain) with no
 * file and no server. For fast specs and for `memory:` stores; nothing survives `close`.
 *
 * Appends are applied synchronously inside one call, so each is atomic and they are serialised in
 * call order, like the embedded store's single writer.
 */
export class InMemoryEventStore implements LedgerStore {
  readonly kind = 'memory';
  readonly location = 'memory:';
  readonly capabilities: StoreCapabilities;
  private readonly rows: Row[] = [];
  private readonly byId = new Map<string, Row>();
  private readonly streams = new Map<string, Row[]>();
  private readonly wakeups = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly clock: () => Date;
  private lastRecordedAt = '';
  private headHashValue = GENESIS_HASH;
  private closed = false;
  private importAt: string | undefined;

  constructor(options: InMemoryEventStoreOptions = {}) {
    const clock = options.clock ?? (() => new Date());
    this.clock = () => (this.importAt ? new Date(this.importAt) : clock());
    const directory: TaskDirectory = { taskStreamsOfUnit: (unitId) => this.taskStreamsOfUnit(unitId) };
    const hold = (at: string | undefined) => {
      this.importAt = at;
    };
    this.capabilities = {
      streamCatalogue: this,
      taskDirectory: directory,
      chainVerifier: this,
      logImport: { importEvents: (events) => importWithClock(this, hold, events) },
    };
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision ?? 'any' }]).then(
      (r) => r[0]!,
    );
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
    if (this.closed) throw new StoreClosedError();
    const now = this.clock();
    const normalised = normaliseRequests(requests, now.getTime());
    const stored = this.storedRows(normalised);
    if (stored.size > 0) {
      const unit = { requests: normalised };
      const verdict = replayVerdicts([unit], stored, this.replayState()).get(unit)!;
      if ('error' in verdict) throw verdict.error;
      return verdict.results;
    }
    const conflict = this.firstConflict(normalised);
    if (conflict) throw conflict;
    const iso = now.toISOString();
    // The store clock never runs backwards along the log ("as known at T" is a prefix of it).
    const recordedAt = iso > this.lastRecordedAt ? iso : this.lastRecordedAt;
    const results = normalised.map((request) => this.write(request, recordedAt));
    this.lastRecordedAt = recordedAt;
    for (const wake of [...this.wakeups]) wake();
    this.wakeups.clear();
    return results;
  }

  private storedRows(requests: readonly NormalisedRequest[]): Map<string, StoredEventRow> {
    const stored = new Map<string, StoredEventRow>();
    for (const request of requests) {
      for (const e of request.events) {
        const row = this.byId.get(e.eventId);
        if (row) stored.set(e.eventId, storedRowOf(row));
      }
    }
    return stored;
  }

  private replayState() {
    const revisions = new Map<string, number>();
    for (const [id, rows] of this.streams) revisions.set(id, rows.length - 1);
    return { revisions, head: { position: this.rows.length } };
  }

  private firstConflict(requests: readonly NormalisedRequest[]): ConcurrencyError | undefined {
    const moved = new Map<string, number>();
    for (const r of requests) {
      const revision = moved.get(r.streamId) ?? this.revisionOf(r.streamId);
      if (!revisionMatches(r.expectedRevision, revision))
        return new ConcurrencyError(r.streamId, r.expectedRevision, revision);
      moved.set(r.streamId, revision + r.events.length);
    }
    return undefined;
  }

  private write(request: NormalisedRequest, recordedAt: string): AppendResult {
    const stream = this.streams.get(request.streamId) ?? [];
    const refs = request.events.map((e) => {
      const content = {
        eventId: e.eventId,
        streamId: request.streamId,
        streamRevision: stream.length,
        globalPosition: this.rows.length + 1,
        type: e.type,
        schemaVersion: e.schemaVersion,
        occurredAt: e.occurredAt,
        recordedAt,
        metadataJson: e.metadataJson,
        dataJson: e.dataJson,
      };
      const hash = chainHash(this.headHashValue, canonicalContent(content));
      const data = JSON.parse(e.dataJson) as Record<string, unknown>;
      const row: Row = {
        event: {
          eventId: e.eventId,
          streamId: request.streamId,
          streamRevision: content.streamRevision,
          globalPosition: content.globalPosition,
          type: e.type,
          schemaVersion: e.schemaVersion,
          occurredAt: e.occurredAt,
          recordedAt,
          prevHash: this.headHashValue,
          hash,
        },
        dataJson: e.dataJson,
        metadataJson: e.metadataJson,
        taskUnitIds: unitIdsOf(e.type, data, e.unitId),
      };
      this.headHashValue = hash;
      this.rows.push(row);
      stream.push(row);
      this.byId.set(e.eventId, row);
      return { eventId: e.eventId, streamRevision: content.streamRevision, globalPosition: content.globalPosition };
    });
    if (stream.length > 0) this.streams.set(request.streamId, stream);
    return {
      streamId: request.streamId,
      events: refs,
      nextExpectedRevision: stream.length - 1,
      position: this.rows.length,
      idempotentReplay: false,
    };
  }

  private revisionOf(streamId: string): number {
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    this.assertOpen();
    const rows = this.streams.get(streamId) ?? [];
    const max = Math.max(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
    if (options.direction === 'backwards') {
      const from = Math.min(options.fromRevision ?? rows.length - 1, rows.length - 1);
      const out: RecordedEvent[] = [];
      for (let r = from; r >= 0 && out.length < max; r--) out.push(recorded(rows[r]!));
      return out;
    }
    const from = Math.max(0, options.fromRevision ?? 0);
    return rows.slice(from, from + Math.min(max, rows.length)).map(recorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return this.revisionOf(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(1, options.fromPosition ?? 1);
    const limit = Math.max(0, options.limit ?? 1000);
    return this.rows.slice(from - 1, from - 1 + limit).map(recorded);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.rows.length;
  }

  async streamIdsWithPrefix(prefix: string): Promise<readonly string[]> {
    this.assertOpen();
    return [...this.streams.keys()].filter((s) => s.startsWith(prefix)).sort();
  }

  /** The same streams as the embedded store's SQL: a unit named by the event, a lead, a coordinator or a reassignment. */
  private async taskStreamsOfUnit(unitId: string): Promise<readonly string[]> {
    this.assertOpen();
    const found = new Set<string>();
    for (const [streamId, rows] of this.streams) {
      if (streamId.startsWith('task-') && rows.some((r) => r.taskUnitIds.includes(unitId))) found.add(streamId);
    }
    return [...found].sort();
  }

  async verifyChain(onProgress?: VerifyProgress): Promise<ChainVerification> {
    this.assertOpen();
    let prev = GENESIS_HASH;
    for (const [i, row] of this.rows.entries()) {
      const e = row.event;
      const content = canonicalContent({ ...e, metadataJson: row.metadataJson, dataJson: row.dataJson });
      if (e.prevHash !== prev || chainHash(prev, content) !== e.hash) {
        return {
          ok: false,
          checked: i,
          headPosition: i,
          headHash: prev,
          failure: {
            position: e.globalPosition,
            reason: 'hash_mismatch',
            vi: 'mã băm không khớp nội dung',
            en: 'the hash does not match the content',
          },
        };
      }
      prev = e.hash;
      if ((i + 1) % 10_000 === 0) onProgress?.(i + 1, this.rows.length);
    }
    onProgress?.(this.rows.length, this.rows.length);
    return { ok: true, checked: this.rows.length, headPosition: this.rows.length, headHash: prev };
  }

  async headHash(): Promise<ChainAnchor> {
    this.assertOpen();
    return { position: this.rows.length, hash: this.headHashValue };
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = subscribeByPolling({
      handler,
      options,
      read: (fromPosition, limit) => this.readAll({ fromPosition, limit }),
      committedPosition: () => this.rows.length,
      waitForCommit: (wake) => {
        this.wakeups.add(wake);
        return () => this.wakeups.delete(wake);
      },
      isClosed: () => this.closed,
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of [...this.wakeups]) wake();
    this.wakeups.clear();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function recorded(row: Row): RecordedEvent {
  return {
    ...row.event,
    data: JSON.parse(row.dataJson) as unknown,
    metadata: JSON.parse(row.metadataJson) as RecordedEvent['metadata'],
  };
}

function storedRowOf(row: Row): StoredEventRow {
  const e = row.event;
  return {
    id: e.eventId,
    global_position: e.globalPosition,
    stream_id: e.streamId,
    stream_revision: e.streamRevision,
    type: e.type,
    schema_version: e.schemaVersion,
    occurred_at: e.occurredAt,
    recorded_at: e.recordedAt,
    metadata: row.metadataJson,
    data: row.dataJson,
  };
}

/** The units a task event names: its unit id, a TaskDefined's lead and coordinators, a reassignment's target. */
function unitIdsOf(type: string, data: Record<string, unknown>, unitId: string | undefined): string[] {
  const ids: string[] = unitId ? [unitId] : [];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
  if (type === 'TaskDefined') ids.push(...strings(data.lead), ...strings(data.coordinators));
  if (type === 'TaskReassigned' && typeof data.toUnitId === 'string') ids.push(data.toUnitId);
  return ids;
}
