import { createHash } from 'node:crypto';
import type { DuckDb, DuckDbEventStore } from '@cchc/core';
import { DEFAULT_RULEBOOK, ProjectionEngine, READ_MODEL_VERSION, rulebookKey } from '@cchc/projections';
import { Mutex } from 'async-mutex';
import { LRUCache } from 'lru-cache';

/** Part of every ETag: an answer's shape or rules changing between versions changes its tag. */
const ETAG_SALT = `api-1|read-models-${READ_MODEL_VERSION}|${rulebookKey(DEFAULT_RULEBOOK)}\n`;

export interface CachedBody {
  readonly etag: string;
  readonly body: string;
  readonly position: number;
}

/**
 * The server's read side: the projection engine on its own connection, brought up to the log head
 * before every read (read-your-writes: a 201 is visible to the next GET). Reads and catch-ups take
 * turns on that one connection, so a read never sees half a projected range.
 *
 * Aggregates are cached as serialised JSON keyed by (query, log position): the same question at the
 * same position has the same answer, so the ETag is derived from both.
 */
export class ReadModels {
  private readonly turn = new Mutex();
  private projected = 0;
  private readonly computing = new Map<string, Promise<CachedBody>>();
  private readonly cache = new LRUCache<string, CachedBody>({
    max: 500,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (v) => v.body.length + 64,
  });

  private constructor(
    private readonly store: DuckDbEventStore,
    private readonly engine: ProjectionEngine,
  ) {}

  static async open(store: DuckDbEventStore, onProgress?: (done: number, total: number) => void): Promise<ReadModels> {
    const engine = await ProjectionEngine.open(store);
    const readModels = new ReadModels(store, engine);
    try {
      await readModels.turn.runExclusive(() => readModels.catchUp(onProgress));
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

  /** Runs `work` on read models that include every event committed before it started. */
  async read<T>(work: (db: DuckDb, position: number) => Promise<T>): Promise<{ value: T; position: number }> {
    return this.turn.runExclusive(async () => {
      const position = await this.catchUp();
      return { value: await work(this.engine.database, position), position };
    });
  }

  /**
   * The JSON body of `compute` at the current head, from the cache when the same query was answered
   * at the same position. `query` must name everything the answer depends on.
   */
  async cachedJson(query: string, compute: (db: DuckDb, position: number) => Promise<unknown>): Promise<CachedBody> {
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
      })
        .then(({ value }) => value)
        .finally(() => this.computing.delete(key));
      this.computing.set(key, pending);
    }
    return pending;
  }

  /** Waits for the read in progress, then closes the engine's connection. */
  async close(): Promise<void> {
    await this.turn.runExclusive(() => this.engine.close());
  }

  private async catchUp(onProgress?: (done: number, total: number) => void): Promise<number> {
    const head = await this.store.headPosition();
    if (head > this.projected) {
      await this.engine.catchUp(head, onProgress);
      this.projected = head;
    }
    return this.projected;
  }
}

/** DuckDB hands nested BIGINTs (inside lists and structs) back as bigint: numbers when they fit. */
function bigintsAsNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
