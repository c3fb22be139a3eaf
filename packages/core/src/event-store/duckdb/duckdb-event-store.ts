import { randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../../errors/cchc-error.ts';
import {
  ConcurrencyError,
  EventIdReusedError,
  StoreClosedError,
  StoreLockedError,
  StoreReadOnlyError,
  StoreWriteError,
} from '../../errors/store-errors.ts';
import {
  EVENT_SOURCES,
  type EventMetadata,
  IDENTIFIER,
  type NewEvent,
  type RecordedEvent,
} from '../../events/envelope.ts';
import { normalizeInstant } from '../../time/local-time.ts';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.ts';
import { type ExpectedRevision, NO_STREAM_REVISION, revisionMatches } from '../expected-revision.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { subscribeByPolling } from '../subscribe-by-polling.ts';
import { type PreparedRow, packRows, prepareRow } from './row-codec.ts';
import { CREATE_SCHEMA, EVENT_JSON_SQL, INSERT_PACKED_ROWS, isoSql, STORE_FORMAT_VERSION } from './schema.ts';
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

interface NormalizedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly dataJson: string;
  readonly metadata: EventMetadata;
  readonly metadataJson: string;
  readonly occurredAt: string;
  readonly recordedAt: string | undefined;
  readonly taskId: string | undefined;
  readonly unitId: string | undefined;
}

interface NormalizedRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly NormalizedEvent[];
}

/** One caller's atomic unit of work, waiting for the writer. */
interface PendingUnit {
  readonly requests: readonly NormalizedRequest[];
  readonly eventCount: number;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

type StoredEventRow = {
  id: string;
  global_position: number;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  metadata: string;
  data: string;
};

const OPEN_FOR_WRITING = new Set<string>();

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
 */
export class DuckDbEventStore implements EventStore {
  private readonly queue: PendingUnit[] = [];
  private writing = false;
  /** Set by close(): new work is refused while what is in flight finishes. */
  private closing: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly readsInFlight = new Set<Promise<unknown>>();
  private readonly wakeups = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private insertStatement: DuckDBPreparedStatement | undefined;

  private constructor(
    readonly path: string,
    private readonly writer: DuckDb,
    private readonly reader: DuckDb,
    private readonly readOnly: boolean,
    private readonly lockKey: string | undefined,
    private readonly clock: () => Date,
    private readonly maxGroupEvents: number,
    /** Last committed revision per stream. */
    private readonly revisions: Map<string, number>,
    private head: { position: number; hash: string; recordedAt: string },
  ) {}

  static async open(options: DuckDbEventStoreOptions): Promise<DuckDbEventStore> {
    const inMemory = options.path === ':memory:';
    const path = inMemory ? options.path : resolve(options.path);
    const readOnly = options.readOnly ?? false;
    let lockKey: string | undefined;
    if (!inMemory) {
      mkdirSync(dirname(path), { recursive: true });
      if (!readOnly) {
        lockKey = lockKeyFor(path);
        if (OPEN_FOR_WRITING.has(lockKey))
          throw new StoreLockedError(path, `PID ${process.pid}, tiến trình này / this process`);
        OPEN_FOR_WRITING.add(lockKey);
      }
    }
    let writer: DuckDb | undefined;
    let reader: DuckDb | undefined;
    try {
      try {
        writer = await DuckDb.open(path, {
          readOnly,
          ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
        });
      } catch (error) {
        throw translateOpenError(path, error);
      }
      if (!readOnly) {
        for (const ddl of CREATE_SCHEMA) await writer.run(ddl);
        await writer.run(`INSERT INTO store_info VALUES ('format_version', $1) ON CONFLICT DO NOTHING`, [
          STORE_FORMAT_VERSION,
        ]);
      } else {
        const exists = await writer.value<number>(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'`);
        if (!exists) throw new NotFoundError(`${path} không phải kho sự kiện`, `${path} is not an event store`);
      }
      reader = await writer.connect();
      const revisions = new Map<string, number>();
      for (const r of await writer.rows<{ stream_id: string; rev: number }>(
        `SELECT stream_id, max(stream_revision) AS rev FROM events GROUP BY stream_id`,
      )) {
        revisions.set(r.stream_id, r.rev);
      }
      const last = await writer.rows<{ global_position: number; hash: string; recorded_at: string }>(
        `SELECT global_position, hash, ${isoSql('recorded_at')} AS recorded_at FROM events ORDER BY global_position DESC LIMIT 1`,
      );
      const maxRecorded = await writer.value<string | null>(
        `SELECT ${isoSql("max(recorded_at) FILTER (WHERE source <> 'backfill')")} FROM events`,
      );
      const head = last[0]
        ? { position: last[0].global_position, hash: last[0].hash, recordedAt: maxRecorded ?? last[0].recorded_at }
        : { position: 0, hash: GENESIS_HASH, recordedAt: new Date(0).toISOString() };
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
      if (lockKey) OPEN_FOR_WRITING.delete(lockKey);
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
    let normalized: NormalizedRequest[];
    try {
      normalized = normalizeRequests(requests, this.clock().getTime());
    } catch (error) {
      return Promise.reject(error);
    }
    const eventCount = normalized.reduce((n, r) => n + r.events.length, 0);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ requests: normalized, eventCount, resolve, reject });
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
        const plan = this.planGroup(candidates);
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
        error instanceof StoreWriteError ? error : new StoreWriteError(errorText(error), { cause: error });
      for (const unit of open) rejectUnit(unit, failure);
    }
  }

  /** Pure planning on working copies of the writer's state: nothing is published until commit. */
  private planGroup(units: readonly PendingUnit[]): GroupPlan {
    const revisions = new Map<string, number>();
    const revisionOf = (streamId: string) =>
      revisions.get(streamId) ?? this.revisions.get(streamId) ?? NO_STREAM_REVISION;
    let position = this.head.position;
    let prevHash = this.head.hash;
    let lastRecordedAt = this.head.recordedAt;
    const now = this.clock().toISOString();
    // The store clock never runs backwards in the log, so "as known at T" is a prefix of it.
    // ISO strings of one format, compared as text (so not Math.max).
    const recordedAt = now > lastRecordedAt ? now : lastRecordedAt;
    const idsInGroup = new Set<string>();
    const plan: GroupPlan = { accepted: [], rejected: new Map(), deferred: [], rows: [], revisions, head: this.head };

    for (const unit of units) {
      // An id already used by an earlier unit of this group is answered once that one is stored.
      if (unit.requests.some((r) => r.events.some((e) => idsInGroup.has(e.eventId)))) {
        plan.deferred.push(unit);
        continue;
      }
      const unitRevisions = new Map<string, number>();
      const unitRows: PreparedRow[] = [];
      const results: AppendResult[] = [];
      let unitPosition = position;
      let unitHash = prevHash;
      let conflict: ConcurrencyError | undefined;
      for (const request of unit.requests) {
        let revision = unitRevisions.get(request.streamId) ?? revisionOf(request.streamId);
        if (!revisionMatches(request.expectedRevision, revision)) {
          conflict = new ConcurrencyError(request.streamId, request.expectedRevision, revision);
          break;
        }
        const refs = [];
        for (const e of request.events) {
          revision += 1;
          unitPosition += 1;
          const row = prepareRow(
            {
              eventId: e.eventId,
              streamId: request.streamId,
              streamRevision: revision,
              globalPosition: unitPosition,
              type: e.type,
              schemaVersion: e.schemaVersion,
              occurredAt: e.occurredAt,
              recordedAt: e.recordedAt ?? recordedAt,
              taskId: e.taskId,
              unitId: e.unitId,
              actor: e.metadata.actor,
              source: e.metadata.source,
              metadataJson: e.metadataJson,
              dataJson: e.dataJson,
            },
            unitHash,
          );
          unitHash = row.hash;
          unitRows.push(row);
          refs.push({ eventId: e.eventId, streamRevision: revision, globalPosition: unitPosition });
        }
        unitRevisions.set(request.streamId, revision);
        results.push({
          streamId: request.streamId,
          events: refs,
          nextExpectedRevision: revision,
          position: unitPosition,
          idempotentReplay: false,
        });
      }
      if (conflict) {
        plan.rejected.set(unit, conflict);
        continue;
      }
      position = unitPosition;
      prevHash = unitHash;
      for (const [s, r] of unitRevisions) revisions.set(s, r);
      for (const row of unitRows) {
        idsInGroup.add(row.eventId);
        // Only the store clock moves the floor: a backfill's own recordedAt lies in the past.
        if (row.recordedAt === recordedAt && row.recordedAt > lastRecordedAt) lastRecordedAt = row.recordedAt;
        plan.rows.push(row);
      }
      plan.accepted.push({ unit, results });
    }
    plan.head = { position, hash: prevHash, recordedAt: lastRecordedAt };
    return plan;
  }

  private async insert(rows: readonly PreparedRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.insertStatement ??= await this.writer.raw.prepare(INSERT_PACKED_ROWS);
    this.insertStatement.bindVarchar(1, packRows(rows));
    await this.insertStatement.run();
  }

  /**
   * For units that conflicted or hit the unique index: are their ids already stored? All stored
   * with the same content → the first append's result (nothing written). Some stored, or other
   * content → EventIdReusedError. None stored → no verdict: the unit's own error stands.
   */
  private async lookupVerdicts(units: readonly PendingUnit[]): Promise<Map<PendingUnit, Verdict>> {
    const ids = units.flatMap((u) => u.requests.flatMap((r) => r.events.map((e) => e.eventId)));
    const stored = new Map<string, StoredEventRow>();
    for (let i = 0; i < ids.length; i += 10_000) {
      const rows = await this.writer.rows<StoredEventRow>(
        `SELECT event_id::VARCHAR AS id, global_position, stream_id, stream_revision, type, schema_version,
                ${isoSql('occurred_at')} AS occurred_at, ${isoSql('recorded_at')} AS recorded_at,
                metadata::VARCHAR AS metadata, data::VARCHAR AS data
         FROM events WHERE event_id IN (SELECT unnest(string_split($1, ','))::UUID)`,
        [ids.slice(i, i + 10_000).join(',')],
      );
      for (const row of rows) stored.set(row.id, row);
    }
    const verdicts = new Map<PendingUnit, Verdict>();
    for (const unit of units) {
      const all = unit.requests.flatMap((r) =>
        r.events.map((e) => ({ request: r, event: e, row: stored.get(e.eventId) })),
      );
      const found = all.filter((x) => x.row !== undefined);
      if (found.length === 0) continue;
      const firstMissing = all.find((x) => x.row === undefined);
      if (firstMissing) {
        const reused = found[0]!.event.eventId;
        verdicts.set(unit, {
          error: new EventIdReusedError(reused, {
            vi: 'đã nằm trong một lần ghi khác (chỉ một phần của lô này đã được lưu)',
            en: 'it belongs to another append (only part of this batch is stored)',
          }),
        });
        continue;
      }
      const different = all.find((x) => !sameContent(x.request.streamId, x.event, x.row!));
      if (different) {
        verdicts.set(unit, {
          error: new EventIdReusedError(different.event.eventId, {
            vi: 'đã lưu với nội dung khác',
            en: 'stored with different content',
          }),
        });
        continue;
      }
      verdicts.set(unit, {
        results: unit.requests.map((request) => {
          const rows = request.events.map((e) => stored.get(e.eventId)!);
          if (rows.length === 0) {
            const revision = this.revisions.get(request.streamId) ?? NO_STREAM_REVISION;
            return {
              streamId: request.streamId,
              events: [],
              nextExpectedRevision: revision,
              position: this.head.position,
              idempotentReplay: true,
            };
          }
          return {
            streamId: request.streamId,
            events: rows.map((r) => ({
              eventId: r.id,
              streamRevision: r.stream_revision,
              globalPosition: r.global_position,
            })),
            nextExpectedRevision: Math.max(...rows.map((r) => r.stream_revision)),
            position: Math.max(...rows.map((r) => r.global_position)),
            idempotentReplay: true,
          };
        }),
      });
    }
    return verdicts;
  }

  // ───────────────────────────── reads ─────────────────────────────

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<readonly RecordedEvent[]> {
    return this.read(() => this.readStreamNow(streamId, options));
  }

  private async readStreamNow(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = Math.max(0, Math.min(options.maxCount ?? 1_000_000_000, 1_000_000_000));
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    return backwards
      ? this.readEvents(`stream_id = $1 AND stream_revision <= $2::BIGINT`, '-stream_revision', [streamId, from, limit])
      : this.readEvents(`stream_id = $1 AND stream_revision >= $2::BIGINT`, 'stream_revision', [streamId, from, limit]);
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
    return this.read(() => this.readAllNow(options));
  }

  private async readAllNow(options: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    const from = Math.max(1, options.fromPosition ?? 1);
    const limit = Math.max(0, options.limit ?? 1000);
    if (limit === 0) return [];
    // Positions are dense, so a range on the insertion-ordered column (zone maps) does the work.
    return this.readEvents(
      `global_position >= $1::BIGINT AND global_position < $1::BIGINT + $2::BIGINT`,
      'global_position',
      [from, limit, limit],
    );
  }

  /** `order` is an ascending sort key over the events table. */
  private async readEvents(
    where: string,
    order: string,
    params: [string | number, number, number],
  ): Promise<RecordedEvent[]> {
    const text = await this.reader.value<string | null>(
      `SELECT '[' || string_agg(j, ',' ORDER BY k) || ']' FROM (
         SELECT ${EVENT_JSON_SQL} AS j, ${order} AS k FROM events WHERE ${where} ORDER BY k LIMIT $3::BIGINT)`,
      params,
    );
    return text ? (JSON.parse(text) as RecordedEvent[]) : [];
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
  headHash(): Promise<{ position: number; hash: string }> {
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

  /** Recomputes the hash chain from the stored rows; see verify-chain.ts. */
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

  /** The database handle, for projections that share the store file (embedded mode). */
  get database(): DuckDb {
    return this.reader;
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
        if (this.lockKey) OPEN_FOR_WRITING.delete(this.lockKey);
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

interface GroupPlan {
  accepted: { unit: PendingUnit; results: AppendResult[] }[];
  rejected: Map<PendingUnit, ConcurrencyError>;
  deferred: PendingUnit[];
  rows: PreparedRow[];
  revisions: Map<string, number>;
  head: { position: number; hash: string; recordedAt: string };
}

type Verdict = { results: AppendResult[] } | { error: Error };

function sameContent(streamId: string, e: NormalizedEvent, row: StoredEventRow): boolean {
  if (row.stream_id !== streamId || row.type !== e.type || row.schema_version !== e.schemaVersion) return false;
  if (row.occurred_at !== e.occurredAt) return false;
  if (e.recordedAt !== undefined && row.recorded_at !== e.recordedAt) return false;
  const dataSame = row.data === e.dataJson || isDeepStrictEqual(JSON.parse(row.data), e.data);
  const metaSame = row.metadata === e.metadataJson || isDeepStrictEqual(JSON.parse(row.metadata), e.metadata);
  return dataSame && metaSame;
}

// ───────────────────────────── input checks ─────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,99}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
const SOURCES = new Set<string>(EVENT_SOURCES);
/** How far ahead of the store clock a backfill's recordedAt may be (clocks of other machines drift). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** normalizeInstant, with a fast path for instants already in canonical form. */
function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CANONICAL_INSTANT.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) || new Date(ms).toISOString() !== value ? normalizeInstant(value) : value;
  }
  return normalizeInstant(value);
}

/**
 * The store's own checks: whatever keeps the log well-formed (ids, types, instants, metadata, a
 * JSON-object payload). Domain schemas are applied at the edges, not here.
 */
function normalizeRequests(requests: readonly AppendRequest[], now: number): NormalizedRequest[] {
  const issues: FieldIssue[] = [];
  const out: NormalizedRequest[] = [];
  if (requests.length === 0) issues.push({ path: '', message: 'không có gì để ghi / nothing to append' });
  const idsSeen = new Set<string>();
  requests.forEach((request, ri) => {
    const at = requests.length > 1 ? `[${ri}].` : '';
    if (typeof request.streamId !== 'string' || !IDENTIFIER.test(request.streamId)) {
      issues.push({ path: `${at}streamId`, message: 'mã luồng không hợp lệ / invalid stream id' });
    }
    const expected = request.expectedRevision ?? 'any';
    if (
      !(
        expected === 'any' ||
        expected === 'no_stream' ||
        expected === 'stream_exists' ||
        (Number.isInteger(expected) && expected >= -1)
      )
    ) {
      issues.push({
        path: `${at}expectedRevision`,
        message: 'phiên bản mong đợi không hợp lệ / invalid expected revision',
      });
    }
    if (!Array.isArray(request.events) || (request.events.length === 0 && expected === 'any')) {
      // An empty request is a pure revision check, which needs a revision to check.
      issues.push({ path: `${at}events`, message: 'cần ít nhất một sự kiện / at least one event' });
      return;
    }
    const events: NormalizedEvent[] = [];
    request.events.forEach((e, ei) => {
      const normalized = normalizeEvent(e, `${at}events[${ei}]`, issues, now);
      if (!normalized) return;
      if (idsSeen.has(normalized.eventId)) {
        issues.push({
          path: `${at}events[${ei}].eventId`,
          message: 'trùng mã sự kiện trong cùng lô / duplicate event id in one append',
        });
      }
      idsSeen.add(normalized.eventId);
      events.push(normalized);
    });
    out.push({ streamId: request.streamId, expectedRevision: expected === -1 ? 'no_stream' : expected, events });
  });
  if (issues.length > 0) throw new ValidationError({ vi: 'Sự kiện', en: 'event' }, issues);
  return out;
}

function normalizeEvent(e: NewEvent, path: string, issues: FieldIssue[], now: number): NormalizedEvent | undefined {
  const before = issues.length;
  const eventId = e.eventId ?? randomUUID();
  if (typeof eventId !== 'string' || !UUID.test(eventId))
    issues.push({ path: `${path}.eventId`, message: 'không phải UUID / not a UUID' });
  if (typeof e.type !== 'string' || !EVENT_TYPE.test(e.type))
    issues.push({ path: `${path}.type`, message: 'kiểu sự kiện không hợp lệ / invalid event type' });
  const schemaVersion = e.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
    issues.push({ path: `${path}.schemaVersion`, message: 'phải là số nguyên ≥ 1 / must be an integer ≥ 1' });
  if (e.data === null || typeof e.data !== 'object' || Array.isArray(e.data))
    issues.push({ path: `${path}.data`, message: 'phải là đối tượng JSON / must be a JSON object' });
  const occurredAt = instantOf(e.occurredAt);
  if (!occurredAt) issues.push({ path: `${path}.occurredAt`, message: 'thời điểm không hợp lệ / invalid instant' });
  let recordedAt: string | undefined;
  if (e.recordedAt !== undefined) {
    recordedAt = instantOf(e.recordedAt);
    if (!recordedAt) issues.push({ path: `${path}.recordedAt`, message: 'thời điểm không hợp lệ / invalid instant' });
    else if (Date.parse(recordedAt) > now + MAX_CLOCK_SKEW_MS) {
      issues.push({
        path: `${path}.recordedAt`,
        message: 'nhập bù không thể được ghi nhận trong tương lai / a backfill cannot be recorded in the future',
      });
    }
    if (e.metadata?.source !== 'backfill') {
      issues.push({
        path: `${path}.recordedAt`,
        message:
          'chỉ sự kiện nhập bù (source: backfill) mới được đặt recordedAt / only a backfill event may set recordedAt',
      });
    }
  }
  const m = e.metadata;
  if (m === null || typeof m !== 'object') {
    issues.push({ path: `${path}.metadata`, message: 'thiếu metadata / missing metadata' });
  } else {
    if (typeof m.actor !== 'string' || m.actor.length === 0 || m.actor.length > 200 || CONTROL.test(m.actor)) {
      issues.push({ path: `${path}.metadata.actor`, message: 'người thực hiện không hợp lệ / invalid actor' });
    }
    if (!SOURCES.has(m.source))
      issues.push({ path: `${path}.metadata.source`, message: 'nguồn không hợp lệ / invalid source' });
    if (m.unitId !== undefined && !IDENTIFIER.test(m.unitId))
      issues.push({ path: `${path}.metadata.unitId`, message: 'mã đơn vị không hợp lệ / invalid unit id' });
  }
  if (issues.length > before) return undefined;
  let dataJson: string;
  try {
    dataJson = JSON.stringify(e.data);
  } catch {
    issues.push({ path: `${path}.data`, message: 'không tuần tự hóa được thành JSON / not serializable to JSON' });
    return undefined;
  }
  const metadataJson = JSON.stringify(m);
  for (const [field, json] of [
    ['data', dataJson],
    ['metadata', metadataJson],
  ] as const) {
    if (hasLoneSurrogate(json))
      issues.push({
        path: `${path}.${field}`,
        message: 'chuỗi Unicode hỏng (nửa cặp thay thế) / malformed Unicode string (lone surrogate)',
      });
  }
  const data = e.data as Record<string, unknown>;
  // The lookup columns must agree with the payload exactly as `verify` recomputes them.
  for (const field of ['taskId', 'unitId'] as const) {
    const value = data[field];
    if (value !== undefined && (typeof value !== 'string' || !IDENTIFIER.test(value))) {
      issues.push({ path: `${path}.data.${field}`, message: 'mã không hợp lệ / invalid identifier' });
    }
  }
  if (issues.length > before) return undefined;
  const taskId = data.taskId as string | undefined;
  const unitId = (data.unitId as string | undefined) ?? m.unitId;
  return {
    eventId: eventId.toLowerCase(),
    type: e.type,
    schemaVersion,
    data: e.data,
    dataJson,
    metadata: m,
    metadataJson,
    occurredAt: occurredAt!,
    recordedAt,
    taskId,
    unitId,
  };
}

/**
 * JSON.stringify writes a lone UTF-16 surrogate as a `\udXXX` escape (everything else in the
 * surrogate range arrives as a proper pair of characters); DuckDB's JSON, rightly, refuses it.
 */
function hasLoneSurrogate(json: string): boolean {
  return json.includes('\\ud') && /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i.test(json);
}

// ───────────────────────────── errors ─────────────────────────────

function lockKeyFor(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isConstraintViolation(error: unknown): boolean {
  return /Constraint Error|Duplicate key|violates (unique|primary key) constraint/i.test(errorText(error));
}

function translateOpenError(path: string, error: unknown): unknown {
  const text = errorText(error);
  if (/Could not set lock on file|Conflicting lock/i.test(text)) {
    const holder = /\(PID (\d+)\)/.exec(text)?.[1];
    return new StoreLockedError(path, holder ? `PID ${holder}` : undefined, { cause: error });
  }
  return error;
}
