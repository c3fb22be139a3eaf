import { createHash } from 'node:crypto';
import { type DuckDb, embeddedDatabase, type LedgerStore, StoreClosedError } from '@cchc/core';
import {
  DEFAULT_RULEBOOK,
  ProjectionEngine,
  READ_MODEL_VERSION,
  type ReadModelHealth,
  readModelHealth,
  rulebookKey,
} from '@cchc/projections';
import { Mutex } from 'async-mutex';
import { LRUCache } from 'lru-cache';
import type { ReadLane } from './http/read-lanes.ts';
import { ConnectionPool } from './read-pool.ts';

/** Part of every ETag: an answer's shape or rules changing between versions changes its tag. */
const ETAG_SALT = `api-1|read-models-${READ_MODEL_VERSION}|${rulebookKey(DEFAULT_RULEBOOK)}\n`;

export interface CachedBody {
  readonly etag: string;
  readonly body: string;
  readonly position: number;
}

export interface ReadModelsOptions {
  /** Connections for reads that compute rankings (default 2: the cores of a small machine). */
  readonly heavyConnections?: number;
  /** Connections for every other read (default 4). */
  readonly cheapConnections?: number;
}

/**
 * The server's read side: the projection engine on its own connection, brought up to the log head
 * before every read (read-your-writes: a 201 is visible to the next GET). Catch-ups take turns;
 * reads do not: each runs on a pooled connection of its lane (cheap reads, or the rankings: see
 * read-lanes.ts) in a transaction of its own, a snapshot that includes the catch-up it waited for
 * and nothing projected during it. So a slow ranking never holds back a cheap read.
 *
 * Aggregates are cached as serialised JSON keyed by (query, log position): the same question at the
 * same position has the same answer, so the ETag is derived from both.
 */
export class ReadModels {
  private readonly catchUpTurn = new Mutex();
  private projected = 0;
  private readonly computing = new Map<string, Promise<CachedBody>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  private readonly cache = new LRUCache<string, CachedBody>({
    max: 500,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (v) => v.body.length + 64,
  });
  private readonly lanes: Record<ReadLane, ConnectionPool>;

  private constructor(
    private readonly store: LedgerStore,
    private readonly engine: ProjectionEngine,
    options: ReadModelsOptions,
  ) {
    const database = embeddedDatabase(store);
    const connect = () => database.connect();
    this.lanes = {
      cheap: new ConnectionPool(connect, options.cheapConnections ?? 4),
      heavy: new ConnectionPool(connect, options.heavyConnections ?? 2),
    };
  }

  static async open(
    store: LedgerStore,
    onProgress?: (done: number, total: number) => void,
    options: ReadModelsOptions = {},
  ): Promise<ReadModels> {
    const engine = await ProjectionEngine.open(store);
    const readModels = new ReadModels(store, engine, options);
    try {
      await readModels.catchUp(onProgress);
      return readModels;
    } catch (error) {
      engine.close();
      throw error;
    }
  }

  /** Events in the log not yet in the read models (the projection lag). */
  async lag(): Promise<number> {
    return (await this.store.headPosition()) - this.projected;
  }

  /** Whether the read models hold what their checkpoint claims (computed again when it moves). */
  async health(): Promise<ReadModelHealth> {
    const { value } = await this.read(async (db, position) => {
      if (this.lastHealth?.position === position) return this.lastHealth.health;
      const health = await readModelHealth(db);
      this.lastHealth = { position, health };
      return health;
    }, 'cheap');
    return value;
  }
  private lastHealth: { position: number; health: ReadModelHealth } | undefined;

  /**
   * Runs `work` on read models that include every event committed before it started, in one
   * snapshot, on a connection of `lane` (default heavy: a caller that does not say is not known to be cheap).
   */
  async read<T>(
    work: (db: DuckDb, position: number) => Promise<T>,
    lane: ReadLane = 'heavy',
  ): Promise<{ value: T; position: number }> {
    if (this.closing) throw new StoreClosedError();
    const running = (async () => {
      const position = await this.catchUp();
      return this.lanes[lane].use((db) => db.transaction(async () => ({ value: await work(db, position), position })));
    })();
    this.inFlight.add(running);
    void running.catch(() => undefined).finally(() => this.inFlight.delete(running));
    return running;
  }

  /**
   * The JSON body of `compute` at the current head, from the cache when the same query was answered
   * at the same position. `query` must name everything the answer depends on.
   */
  async cachedJson(
    query: string,
    compute: (db: DuckDb, position: number) => Promise<unknown>,
    lane: ReadLane = 'heavy',
  ): Promise<CachedBody> {
    const head = await this.store.headPosition();
    const key = `${head}\u0000${query}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // Requests that miss together share one computation.
    let pending = this.computing.get(key);
    if (!pending) {
      pending = this.read(async (db, position) => {
        const value = await compute(db, position);
        const entry: CachedBody = {
          etag: `"p${position}-${createHash('sha256').update(ETAG_SALT).update(query).digest('base64url').slice(0, 16)}"`,
          body: JSON.stringify(value, bigintsAsNumbers),
          position,
        };
        this.cache.set(`${position}\u0000${query}`, entry);
        return entry;
      }, lane)
        .then(({ value }) => value)
        .finally(() => this.computing.delete(key));
      this.computing.set(key, pending);
    }
    return pending;
  }

  /** Waits for the reads in progress, then closes the engine's and the pools' connections. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await this.catchUpTurn.runExclusive(() => {
      this.lanes.cheap.close();
      this.lanes.heavy.close();
      this.engine.close();
    });
  }

  /** Brings the read models up to the head; callers arriving during a catch-up wait for it (or the next). */
  private async catchUp(onProgress?: (done: number, total: number) => void): Promise<number> {
    const head = await this.store.headPosition();
    if (head <= this.projected) return this.projected;
    return this.catchUpTurn.runExclusive(async () => {
      const target = await this.store.headPosition();
      if (target > this.projected) {
        await this.engine.catchUp(target, onProgress);
        this.projected = target;
      }
      return this.projected;
    });
  }
}

/** DuckDB hands nested BIGINTs (inside lists and structs) back as bigint: numbers when they fit. */
function bigintsAsNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
