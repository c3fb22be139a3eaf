import {
  AppendConsistencyViolationError,
  excludeSystemEvents,
  KurrentDBClient,
  streamNameFilter,
  UnsupportedError,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError, StoreClosedError, StoreWriteError } from '../../errors/store-errors.ts';
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
import type { ExpectedRevision } from '../expected-revision.ts';
import { checkLanded, requestsOf } from '../log-import.ts';
import { replayVerdicts, type StoredEventRow } from '../replay-verdicts.ts';
import { subscribeByPolling } from '../subscribe-by-polling.ts';
import { planRecords } from './esdb-append-plan.ts';
import { type ClientRecord, decodeRecord } from './esdb-codec.ts';
import { LogMirror } from './log-mirror.ts';

export interface EventStoreDbStoreOptions {
  /** A KurrentDB connection string: `kurrentdb://host:2113?tls=false`, `esdb://…`, `…+discover://…`. */
  readonly url: string;
  /** How long an append waits to see its own records come back on `$all`. */
  readonly readBackTimeoutMs?: number;
  /**
   * Keeps this ledger's streams under a prefix (`<namespace>/`) on a shared server: several
   * ledgers (departments, or test runs against one real server) side by side. Also read from the
   * URL's `cchcNamespace` parameter.
   */
  readonly namespace?: string;
}

type Catchup = ReturnType<KurrentDBClient['subscribeToAll']>;

/**
 * The EventStoreDB (KurrentDB) adapter, through `@kurrent/kurrentdb-client`.
 *
 * - Writes: every `appendMany` is ONE `appendRecords` call (KurrentDB ≥ 26.1): records interleaved
 *   across streams in request order, one consistency check per stream with an expected revision.
 *   The server commits all or nothing, so multi-stream appends (plan apply, merges) are atomic.
 * - Reads: a catch-up subscription to `$all` (system events filtered out) feeds a `LogMirror`,
 *   which assigns the dense positions and the hash chain. An append returns once its own records
 *   came back on the subscription, so a caller reads its writes.
 * - Idempotency is ours, not the server's window: before writing, the ids are looked up in the
 *   mirror; a retry of the same content gets the first result and writes nothing, an id reused
 *   with other content is `EventIdReusedError`. A conflict is looked up the same way (a stale
 *   retry is a replay), otherwise it is our `ConcurrencyError` with the server's actual revision.
 * - Appends of this process are serialised (one in flight), so concurrent retries in one process
 *   store once. Across processes, an `any` append racing its own retry can be stored twice by the
 *   server; the mirror skips the second copy (see LogMirror).
 */
export class EventStoreDbStore implements LedgerStore {
  readonly kind = 'esdb';
  readonly capabilities: StoreCapabilities;
  private readonly mirror = new LogMirror();
  private readonly subscriptions = new Set<Subscription>();
  private appendQueue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private failure: Error | undefined;

  private constructor(
    readonly location: string,
    private readonly client: KurrentDBClient,
    private readonly readBackTimeoutMs: number,
    /** Prefix of every stream name on the server ('' for none). */
    private readonly prefix: string,
  ) {
    this.capabilities = {
      streamCatalogue: { streamIdsWithPrefix: async (prefix) => this.open(() => this.mirror.streamIds(prefix)) },
      taskDirectory: { taskStreamsOfUnit: async (unitId) => this.open(() => this.mirror.taskStreamsOfUnit(unitId)) },
      chainVerifier: this,
      health: this,
      logImport: { importEvents: (events) => this.importEvents(events) },
    };
  }

  /** Connects, and reads `$all` up to the head before answering anything. */
  static async open(options: EventStoreDbStoreOptions): Promise<EventStoreDbStore> {
    const { url, namespace } = splitNamespace(options.url, options.namespace);
    const client = KurrentDBClient.connectionString(url);
    const prefix = namespace ? `${namespace}/` : '';
    const location = `${redact(url)}${namespace ? `#${namespace}` : ''}`;
    const store = new EventStoreDbStore(location, client, options.readBackTimeoutMs ?? 30_000, prefix);
    try {
      await store.follow();
      return store;
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw new StoreWriteError(`KurrentDB ${redact(options.url)}: ${errorText(error)}`, { cause: error });
    }
  }

  private catchup: Catchup | undefined;

  private follow(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const filter = this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents();
      const subscription = this.client.subscribeToAll({ fromPosition: 'start', filter });
      this.catchup = subscription;
      subscription.on('data', (resolved: { event?: ClientRecord }) => {
        const decoded = resolved.event ? decodeRecord(resolved.event, this.prefix) : undefined;
        if (decoded) {
          this.mirror.add(decoded);
          this.mirror.notify();
        }
      });
      subscription.on('caughtUp', () => resolve());
      subscription.on('error', (error: Error) => {
        if (this.closed) return;
        this.failure = new StoreWriteError(`KurrentDB $all subscription: ${errorText(error)}`, { cause: error });
        this.mirror.notify();
        reject(error);
      });
    });
  }

  get fault(): Error | undefined {
    return this.failure;
  }

  // ───────────────────────────── appends ─────────────────────────────

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision ?? 'any' }]).then(
      (r) => r[0]!,
    );
  }

  appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let normalised: NormalisedRequest[];
    try {
      normalised = normaliseRequests(requests, Date.now());
    } catch (error) {
      return Promise.reject(error);
    }
    const run = this.appendQueue.then(() => this.appendNow(normalised));
    this.appendQueue = run.catch(() => undefined);
    return run;
  }

  /** See LogImport: the copied recordedAt travels as a record property the mirror reads back. */
  private importEvents(events: readonly RecordedEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    const copied = new Map(events.map((e) => [e.eventId, e.recordedAt]));
    const run = this.appendQueue.then(async () => {
      const results = await this.appendNow(normaliseRequests(requestsOf(events), Date.now()), copied);
      checkLanded(
        events,
        results.flatMap((r) => r.events),
      );
    });
    this.appendQueue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(
    requests: readonly NormalisedRequest[],
    copiedRecordedAt?: ReadonlyMap<string, string>,
  ): Promise<AppendResult[]> {
    this.assertHealthy();
    const replay = this.replayOf(requests);
    if (replay) return replay;
    const { records, checks } = planRecords(
      requests,
      this.prefix,
      (id) => this.mirror.revisionOf(id),
      copiedRecordedAt,
    );
    try {
      await this.client.appendRecords(records, checks);
    } catch (error) {
      if (error instanceof AppendConsistencyViolationError) {
        const again = this.replayOf(requests);
        if (again) return again;
        const v = error.violations[0]!;
        const streamId = v.streamName.slice(this.prefix.length);
        const request = requests.find((r) => r.streamId === streamId) ?? requests[0]!;
        const actual = typeof v.actualState === 'bigint' ? Number(v.actualState) : -1;
        throw new ConcurrencyError(streamId, request.expectedRevision, actual);
      }
      if (error instanceof UnsupportedError)
        throw new StoreWriteError(`KurrentDB ≥ 26.1 (AppendRecords) required: ${error.message}`, { cause: error });
      throw new StoreWriteError(errorText(error), { cause: error });
    }
    const ids = requests.flatMap((r) => r.events.map((e) => e.eventId));
    await this.readBack(ids);
    return this.resultsOf(requests, false);
  }

  /** The first result when every id is already stored; throws when some are, or with other content. */
  private replayOf(requests: readonly NormalisedRequest[]): AppendResult[] | undefined {
    const stored = new Map<string, StoredEventRow>();
    for (const r of requests)
      for (const e of r.events) {
        const row = this.mirror.storedRow(e.eventId);
        if (row) stored.set(e.eventId, row);
      }
    if (stored.size === 0) return undefined;
    const unit = { requests };
    const verdict = replayVerdicts([unit], stored, {
      revisions: this.mirror.revisions(),
      head: { position: this.mirror.head },
    }).get(unit)!;
    if ('error' in verdict) throw verdict.error;
    return verdict.results;
  }

  /** Waits until every id came back on the `$all` subscription. */
  private async readBack(ids: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.readBackTimeoutMs;
    while (!ids.every((id) => this.mirror.has(id))) {
      this.assertHealthy();
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new StoreWriteError(
          `the append was acknowledged but did not come back on $all within ${this.readBackTimeoutMs} ms`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          unregister();
          resolve();
        }, remaining);
        const unregister = this.mirror.onNext(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private resultsOf(requests: readonly NormalisedRequest[], idempotentReplay: boolean): AppendResult[] {
    return requests.map((r) => {
      const rows = r.events.map((e) => this.mirror.storedRow(e.eventId)!);
      if (rows.length === 0) {
        return {
          streamId: r.streamId,
          events: [],
          nextExpectedRevision: this.mirror.revisionOf(r.streamId),
          position: this.mirror.head,
          idempotentReplay,
        };
      }
      return {
        streamId: r.streamId,
        events: rows.map((row) => ({
          eventId: row.id,
          streamRevision: row.stream_revision,
          globalPosition: row.global_position,
        })),
        nextExpectedRevision: rows.at(-1)!.stream_revision,
        position: Math.max(...rows.map((row) => row.global_position)),
        idempotentReplay,
      };
    });
  }

  // ───────────────────────────── reads ─────────────────────────────

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.open(() =>
      this.mirror.readStream(
        streamId,
        options.direction === 'backwards',
        options.fromRevision,
        Math.max(0, options.maxCount ?? Number.MAX_SAFE_INTEGER),
      ),
    );
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.open(() => this.mirror.revisionOf(streamId));
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.open(() =>
      this.mirror.readAll(Math.max(1, options.fromPosition ?? 1), Math.max(0, options.limit ?? 1000)),
    );
  }

  async headPosition(): Promise<number> {
    return this.open(() => this.mirror.head);
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new StoreClosedError();
    const subscription = subscribeByPolling({
      handler,
      options,
      read: async (fromPosition, limit) => this.mirror.readAll(fromPosition, limit),
      committedPosition: () => this.mirror.head,
      waitForCommit: (wake) => this.mirror.onNext(wake),
      isClosed: () => this.closed,
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async verifyChain(onProgress?: VerifyProgress): Promise<ChainVerification> {
    return this.open(() => {
      const result = this.mirror.verify();
      onProgress?.(result.checked, this.mirror.head);
      if (result.ok)
        return { ok: true, checked: result.checked, headPosition: this.mirror.head, headHash: this.mirror.headHash };
      return {
        ok: false,
        checked: result.checked,
        headPosition: result.checked,
        headHash: this.mirror.headHash,
        failure: {
          position: result.failedAt ?? 0,
          reason: 'hash_mismatch' as const,
          vi: 'mã băm không khớp nội dung',
          en: 'the hash does not match the content',
        },
      };
    });
  }

  async headHash(): Promise<ChainAnchor> {
    return this.open(() => ({ position: this.mirror.head, hash: this.mirror.headHash }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appendQueue;
    this.mirror.notify();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.catchup?.unsubscribe().catch(() => undefined);
    await this.client.dispose().catch(() => undefined);
  }

  private open<T>(read: () => T): T {
    if (this.closed) throw new StoreClosedError();
    return read();
  }

  private assertHealthy(): void {
    if (this.closed) throw new StoreClosedError();
    if (this.failure) throw this.failure;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `cchcNamespace` URL parameter is ours: taken off before the client parses the string. */
function splitNamespace(url: string, given: string | undefined): { url: string; namespace: string | undefined } {
  const match = /([?&])cchcNamespace=([^&]*)&?/.exec(url);
  if (!match) return { url, namespace: given };
  const rest = url.replace(match[0], match[1]!).replace(/[?&]$/, '');
  return { url: rest, namespace: given ?? decodeURIComponent(match[2]!) };
}

/** The connection string without a password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
