import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import { clearFault, engineFault, faultOf } from '../../duckdb/engine-faults.ts';
import { StoreClosedError, StoreReadOnlyError, StoreWriteError } from '../../errors/store-errors.ts';
import type { NewEvent, RecordedEvent } from '../../events/envelope.ts';
import { type NormalisedRequest, normaliseRequests } from '../append-input.ts';
import type { LedgerStore, StoreCapabilities } from '../capabilities.ts';
import type { ChainAnchor } from '../chain-verification.ts';
import type {
  AppendRequest,
  AppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.ts';
import { type ExpectedRevision, NO_STREAM_REVISION } from '../expected-revision.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { importWithClock } from '../log-import.ts';
import { subscribeByPolling } from '../subscribe-by-polling.ts';
import { DuckDbTaskDirectory } from './duckdb-task-directory.ts';
import { type ChainHead, type CommittedState, planGroup } from './group-plan.ts';
import { replayVerdicts, storedEvents, type Verdict } from './idempotent-replay.ts';
import { readLogPage, readStreamPage } from './read-pages.ts';
import { type PreparedRow, packRows } from './row-codec.ts';
import { INSERT_PACKED_ROWS } from './schema.ts';
import {
  claimWriter,
  errorText,
  openDatabase,
  prepareSchema,
  readCommittedState,
  releaseWriter,
} from './store-file.ts';
import { type ChainVerification, type VerifyProgress, verifyDuckDbChain } from './verify-chain.ts';

export interface DuckDbEventStoreOptions {
  /** File path of the store, or `:memory:`. */
  readonly path: string;
  /** Open for reading only: no lock against other readers, appends refused. */
  readonly readOnly?: boolean;
  /** The store clock (recordedAt). Tests pin it. */
  readonly clock?: () => Date;
  /** Most events committed in one group transaction. */
  readonly maxGroupEvents?: number;
  /** DuckDB's memory limit for this database (e.g. "400MB"); beyond it, DuckDB spills to disk. */
  readonly memoryLimit?: string;
}

/** One caller's atomic unit of work, waiting for the writer. */
interface PendingUnit {
  readonly requests: readonly NormalisedRequest[];
  readonly eventCount: number;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The default event store: one DuckDB file, no server.
 *
 * Guarantees:
 * - one writer per file: DuckDB's file lock across processes, a registry within this one;
 * - an acknowledged append is committed (DuckDB fsyncs its WAL on commit);
 * - group commit: appends that arrive while a commit is in flight are committed together in the
 *   next transaction; each is still checked against its expected revision, and only a conflicting
 *   one fails. The writer owns the file, so stream revisions, the head position and the head hash
 *   are tracked in memory and never read back on the write path;
 * - idempotency by event id: a unique index rejects a duplicate; the writer then looks the ids up
 *   and answers a retry of the same content with the first result, anything else with an error.
 *
 * Over 450 lines on purpose: the writer's state (queue, revisions, head, open statements) is one
 * class's private fields, and the write path, the reads and the capabilities all touch it; what
 * does not (input checks, row packing, paged reads, chain verification, replay verdicts, the file)
 * already lives in the modules beside it.
 */
export class DuckDbEventStore implements LedgerStore {
  readonly kind = 'duckdb';
  readonly capabilities: StoreCapabilities;
  private readonly queue: PendingUnit[] = [];
  private writing = false;
  /** Set by close(): new work is refused while what is in flight finishes. */
  private closing: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly readsInFlight = new Set<Promise<unknown>>();
  private readonly wakeups = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private insertStatement: DuckDBPreparedStatement | undefined;
  private readonly clock: () => Date;
  /** Held by an import (store copy): the recordedAt of the events being copied. */
  private importAt: string | undefined;

  private constructor(
    readonly path: string,
    private readonly writer: DuckDb,
    private readonly reader: DuckDb,
    private readonly readOnly: boolean,
    private readonly lockKey: string | undefined,
    baseClock: () => Date,
    private readonly maxGroupEvents: number,
    /** Last committed revision per stream. */
    private readonly revisions: Map<string, number>,
    private head: ChainHead,
  ) {
    this.clock = () => (this.importAt ? new Date(this.importAt) : baseClock());
    this.capabilities = {
      logImport: {
        importEvents: (events) =>
          importWithClock(
            this,
            (at) => {
              this.importAt = at;
            },
            events,
          ),
      },
      streamCatalogue: this,
      taskDirectory: new DuckDbTaskDirectory(reader),
      chainVerifier: this,
      embeddedLog: { database: reader, loggedPosition: () => this.headPosition() },
      snapshotCopy: this,
      health: this,
    };
  }

  get location(): string {
    return this.path;
  }

  static async open(options: DuckDbEventStoreOptions): Promise<DuckDbEventStore> {
    const inMemory = options.path === ':memory:';
    const path = inMemory ? options.path : resolve(options.path);
    const readOnly = options.readOnly ?? false;
    let lockKey: string | undefined;
    if (!inMemory) {
      mkdirSync(dirname(path), { recursive: true });
      if (!readOnly) lockKey = claimWriter(path);
    }
    let writer: DuckDb | undefined;
    let reader: DuckDb | undefined;
    try {
      writer = await openDatabase(path, { readOnly, memoryLimit: options.memoryLimit });
      await prepareSchema(writer, path, readOnly);
      reader = await writer.connect();
      const { revisions, head } = await readCommittedState(writer);
      return new DuckDbEventStore(
        path,
        writer,
        reader,
        readOnly,
        lockKey,
        options.clock ?? (() => new Date()),
        options.maxGroupEvents ?? 100_000,
        revisions,
        head,
      );
    } catch (error) {
      reader?.close();
      writer?.close();
      releaseWriter(lockKey);
      throw error;
    }
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
    if (this.closing) return Promise.reject(new StoreClosedError());
    if (this.readOnly) return Promise.reject(new StoreReadOnlyError(this.path));
    let normalised: NormalisedRequest[];
    try {
      normalised = normaliseRequests(requests, this.clock().getTime());
    } catch (error) {
      return Promise.reject(error);
    }
    const eventCount = normalised.reduce((n, r) => n + r.events.length, 0);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ requests: normalised, eventCount, resolve, reject });
      this.kickWriter();
    });
  }

  private kickWriter(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group: PendingUnit[] = [];
        let events = 0;
        while (
          this.queue.length > 0 &&
          (group.length === 0 || events + this.queue[0]!.eventCount <= this.maxGroupEvents)
        ) {
          const unit = this.queue.shift()!;
          group.push(unit);
          events += unit.eventCount;
        }
        await this.commitGroup(group);
      }
    } finally {
      this.writing = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /**
   * Commits a group of units in one transaction. Units that fail their revision check, or carry an
   * id already stored, are answered individually (conflict, idempotent replay or reuse error); the
   * rest are committed together. Every unit of the group is settled before this returns.
   */
  private async commitGroup(group: readonly PendingUnit[]): Promise<void> {
    const open = new Set(group);
    const resolveUnit = (unit: PendingUnit, results: AppendResult[]) => open.delete(unit) && unit.resolve(results);
    const rejectUnit = (unit: PendingUnit, error: unknown) => open.delete(unit) && unit.reject(error);
    const settleUnit = (unit: PendingUnit, verdict: Verdict) =>
      'results' in verdict ? resolveUnit(unit, verdict.results) : rejectUnit(unit, verdict.error);
    try {
      let candidates = group;
      while (candidates.length > 0) {
        const plan = planGroup(candidates, this.committed, this.clock().toISOString());
        if (plan.rejected.size > 0) {
          const verdicts = await this.lookupVerdicts([...plan.rejected.keys()]);
          for (const [unit, conflict] of plan.rejected) settleUnit(unit, verdicts.get(unit) ?? { error: conflict });
        }
        // Units are deferred only behind an accepted one, so nothing accepted means nothing left.
        if (plan.accepted.length === 0) return;
        try {
          await this.insert(plan.rows);
        } catch (error) {
          if (!isConstraintViolation(error)) {
            const pending = [...plan.accepted.map((a) => a.unit), ...plan.deferred];
            if (pending.length <= 1) throw error;
            // One unit's content may be what DuckDB refused: commit them one by one, so only it fails.
            for (const unit of pending) {
              open.delete(unit);
              await this.commitGroup([unit]);
            }
            return;
          }
          // An id of this group is already stored: answer those units from the store, retry the
          // rest. Each round settles at least one unit, or gives up.
          const pending = [...plan.accepted.map((a) => a.unit), ...plan.deferred];
          const verdicts = await this.lookupVerdicts(pending);
          if (verdicts.size === 0) throw error;
          for (const [unit, verdict] of verdicts) settleUnit(unit, verdict);
          candidates = pending.filter((u) => !verdicts.has(u));
          continue;
        }
        // Committed: publish the new head, then answer the callers.
        for (const [streamId, revision] of plan.revisions) this.revisions.set(streamId, revision);
        this.head = plan.head;
        for (const a of plan.accepted) resolveUnit(a.unit, a.results);
        this.notifySubscribers();
        // Deferred units repeat an id just stored: most are retries, answered from the store.
        if (plan.deferred.length === 0) return;
        const verdicts = await this.lookupVerdicts(plan.deferred);
        for (const [unit, verdict] of verdicts) settleUnit(unit, verdict);
        candidates = plan.deferred.filter((u) => !verdicts.has(u));
      }
    } catch (error) {
      const failure =
        engineFault(this.path, error) ??
        (error instanceof StoreWriteError ? error : new StoreWriteError(errorText(error), { cause: error }));
      for (const unit of open) rejectUnit(unit, failure);
    }
  }

  private async insert(rows: readonly PreparedRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.insertStatement ??= await this.writer.raw.prepare(INSERT_PACKED_ROWS);
    this.insertStatement.bindVarchar(1, packRows(rows));
    await this.insertStatement.run();
  }

  private get committed(): CommittedState {
    return { revisions: this.revisions, head: this.head };
  }

  /** Answers the units whose ids may already be stored; see replayVerdicts. */
  private async lookupVerdicts(units: readonly PendingUnit[]): Promise<Map<PendingUnit, Verdict>> {
    const ids = units.flatMap((u) => u.requests.flatMap((r) => r.events.map((e) => e.eventId)));
    const stored = await storedEvents(this.writer, ids);
    return replayVerdicts(units, stored, this.committed);
  }

  // ───────────────────────────── reads ─────────────────────────────

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.read(() => readStreamPage(this.reader, streamId, options));
  }

  streamRevision(streamId: string): Promise<number> {
    return this.read(async () => {
      if (!this.readOnly) return this.revisions.get(streamId) ?? NO_STREAM_REVISION;
      const r = await this.reader.value<number | null>(`SELECT max(stream_revision) FROM events WHERE stream_id = $1`, [
        streamId,
      ]);
      return r ?? NO_STREAM_REVISION;
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.read(() => readLogPage(this.reader, options));
  }

  headPosition(): Promise<number> {
    return this.read(async () => {
      if (!this.readOnly) return this.head.position;
      return (await this.reader.value<number | null>(`SELECT max(global_position) FROM events`)) ?? 0;
    });
  }

  /** Stream ids starting with a prefix ("plan-"), sorted. */
  streamIdsWithPrefix(prefix: string): Promise<string[]> {
    return this.read(async () => {
      const rows = await this.reader.rows<{ stream_id: string }>(
        `SELECT DISTINCT stream_id FROM events WHERE starts_with(stream_id, $1) ORDER BY stream_id`,
        [prefix],
      );
      return rows.map((r) => r.stream_id);
    });
  }

  /** The head's position and hash: record them elsewhere to anchor the chain. */
  headHash(): Promise<ChainAnchor> {
    return this.read(async () => {
      const last = await this.reader.rows<{ p: number; h: string }>(
        `SELECT global_position AS p, hash AS h FROM events ORDER BY global_position DESC LIMIT 1`,
      );
      return last[0] ? { position: last[0].p, hash: last[0].h } : { position: 0, hash: GENESIS_HASH };
    });
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closing) throw new StoreClosedError();
    const subscription = subscribeByPolling({
      handler,
      options,
      read: (fromPosition, limit) => this.readAll({ fromPosition, limit }),
      committedPosition: () => this.head.position,
      waitForCommit: (wake) => {
        this.wakeups.add(wake);
        return () => this.wakeups.delete(wake);
      },
      isClosed: () => this.closing !== undefined,
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  private notifySubscribers(): void {
    const wakeups = [...this.wakeups];
    this.wakeups.clear();
    for (const wake of wakeups) wake();
  }

  /**
   * Recomputes the hash chain (see verify-chain.ts) on its own connection, in one read
   * transaction: a consistent snapshot while appends go on, without holding back other readers.
   */
  verifyChain(onProgress?: VerifyProgress): Promise<ChainVerification> {
    return this.read(async () => {
      const snapshot = await this.reader.connect();
      try {
        return await snapshot.transaction(() => verifyDuckDbChain(snapshot, onProgress));
      } finally {
        snapshot.close();
      }
    });
  }

  /** A damage or a fatal engine failure met on this store's file in this process (readiness reports it). */
  get fault(): Error | undefined {
    return faultOf(this.path);
  }

  /**
   * Copies the whole database (the log, the read models, the API's tables) into a new DuckDB file,
   * without stopping writers: COPY FROM DATABASE runs in one transaction, a snapshot of committed
   * state. Returns the head of the copy as this store saw it when the copy began.
   */
  copyTo(file: string): Promise<ChainAnchor> {
    return this.read(async () => {
      const db = await this.reader.connect();
      try {
        const name = await db.value<string>(`SELECT current_database()`);
        const quoted = (text: string) => text.replace(/'/g, "''");
        await db.run(`ATTACH '${quoted(resolve(file))}' AS cchc_copy`);
        try {
          return await db.transaction(async () => {
            const [head] = await db.rows<{ p: number; h: string }>(
              `SELECT global_position AS p, hash AS h FROM events ORDER BY global_position DESC LIMIT 1`,
            );
            await db.run(`COPY FROM DATABASE "${String(name).replace(/"/g, '""')}" TO cchc_copy`);
            return head ? { position: head.p, hash: head.h } : { position: 0, hash: GENESIS_HASH };
          });
        } finally {
          await db.run(`DETACH cchc_copy`);
        }
      } finally {
        db.close();
      }
    });
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /**
   * Refuses new work, lets queued appends commit (an acknowledged append is never lost to a close),
   * stops subscriptions, waits for reads in flight, then closes the database (DuckDB checkpoints).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.writing || this.queue.length > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      this.notifySubscribers();
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      await Promise.allSettled([...this.readsInFlight]);
      try {
        this.insertStatement?.destroySync();
        this.reader.close();
        this.writer.close();
      } finally {
        releaseWriter(this.lockKey);
        clearFault(this.path);
      }
    })();
    return this.closing;
  }

  /** Every read goes through here: refused once closing, awaited by close() while in flight. */
  private read<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError());
    const running = work();
    this.readsInFlight.add(running);
    void running.catch(() => undefined).finally(() => this.readsInFlight.delete(running));
    return running;
  }
}

function isConstraintViolation(error: unknown): boolean {
  return /Constraint Error|Duplicate key|violates (unique|primary key) constraint/i.test(errorText(error));
}
