import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import { StoreClosedError, StoreDamagedError } from '../../errors/store-errors.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { ChainVerification, VerifyProgress } from '../chain-verification.ts';
import { packRows, prepareRow } from '../duckdb/row-codec.ts';
import { INSERT_PACKED_ROWS } from '../duckdb/schema.ts';
import { openDatabase, prepareSchema } from '../duckdb/store-file.ts';
import { verifyDuckDbChain } from '../duckdb/verify-chain.ts';
import type { EventStore, Subscription } from '../event-store.ts';
import { GENESIS_HASH, hashedContentOf } from '../hash-chain.ts';

const CHECKPOINT_DDL = `CREATE TABLE IF NOT EXISTS replica_checkpoint (
  source VARCHAR PRIMARY KEY, position BIGINT NOT NULL, head_hash VARCHAR NOT NULL)`;

/**
 * A DuckDB copy of another store's log, in the embedded store's `events` table (same columns), so
 * projections, scoring SQL, the API's tables and `verify` run on it unchanged. Fed by the source's
 * catch-up-then-live subscription; each batch of rows and the checkpoint move in one transaction,
 * so a crash leaves both or neither and a restart resumes at checkpoint + 1 without a gap or a
 * double. The replica recomputes every event's hash from its content and the previous hash and
 * refuses an event whose hash differs from the source's: it keeps its own chain over the global
 * order, the same one the source reports.
 */
export class LogReplica {
  private subscription: Subscription | undefined;
  private readonly waiters = new Set<() => void>();
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly db: DuckDb,
    private readonly reader: DuckDb,
    private readonly sourceName: string,
    private position: number,
    private headHash: string,
  ) {}

  static async open(options: { path: string; sourceName: string; memoryLimit?: string }): Promise<LogReplica> {
    const inMemory = options.path === ':memory:';
    const path = inMemory ? options.path : resolve(options.path);
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    const db = await openDatabase(path, {
      readOnly: false,
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
    try {
      await prepareSchema(db, path, false);
      await db.run(CHECKPOINT_DDL);
      const [row] = await db.rows<{ position: number; head_hash: string }>(
        `SELECT position, head_hash FROM replica_checkpoint WHERE source = $1`,
        [options.sourceName],
      );
      const others = await db.value<number>(`SELECT count(*) FROM replica_checkpoint WHERE source <> $1`, [
        options.sourceName,
      ]);
      if (others && others > 0) {
        throw new StoreDamagedError(
          path,
          `replica of another store; delete it to rebuild / bản sao của một kho khác; xóa tệp để dựng lại`,
        );
      }
      await db.run(`INSERT INTO replica_checkpoint VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, [
        options.sourceName,
        GENESIS_HASH,
      ]);
      const reader = await db.connect();
      return new LogReplica(path, db, reader, options.sourceName, row?.position ?? 0, row?.head_hash ?? GENESIS_HASH);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get database(): DuckDb {
    return this.reader;
  }

  /** Position of the last event in the replica (its checkpoint). */
  get replicated(): number {
    return this.position;
  }

  get fault(): Error | undefined {
    return this.failure;
  }

  /** Starts following the source from the checkpoint. */
  follow(source: EventStore): void {
    this.subscription = source.subscribeToAll((events) => this.apply(events), {
      fromPosition: this.position + 1,
      batchSize: 5_000,
    });
    this.subscription.done.catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.wake();
    });
  }

  private async apply(events: readonly RecordedEvent[]): Promise<void> {
    let prev = this.headHash;
    const rows = events.map((e) => {
      if (e.globalPosition !== this.position + 1 + events.indexOf(e))
        throw new StoreDamagedError(this.path, `replica gap at ${e.globalPosition} / bản sao bị hở`);
      const data = e.data as Record<string, unknown>;
      const row = prepareRow(
        {
          ...hashedContentOf(e),
          taskId: typeof data.taskId === 'string' ? data.taskId : undefined,
          unitId: typeof data.unitId === 'string' ? data.unitId : e.metadata.unitId,
          actor: e.metadata.actor,
          source: e.metadata.source,
          knownAt: e.metadata.knownAt,
        },
        prev,
      );
      if (row.hash !== e.hash) {
        throw new StoreDamagedError(
          this.path,
          `hash of position ${e.globalPosition} differs from the source's / mã băm khác nguồn`,
        );
      }
      prev = row.hash;
      return row;
    });
    const last = events.at(-1)!;
    await this.db.transaction(async () => {
      await this.db.run(INSERT_PACKED_ROWS, [packRows(rows)]);
      await this.db.run(
        `INSERT INTO replica_checkpoint VALUES ($1, $2, $3)
         ON CONFLICT (source) DO UPDATE SET position = excluded.position, head_hash = excluded.head_hash`,
        [this.sourceName, last.globalPosition, last.hash],
      );
    });
    this.position = last.globalPosition;
    this.headHash = last.hash;
    this.wake();
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  onCommit(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  /** Resolves once the replica holds `position`. */
  async waitFor(position: number): Promise<void> {
    while (this.position < position) {
      if (this.failure) throw this.failure;
      if (this.closed) throw new StoreClosedError();
      await new Promise<void>((resolve) => this.onCommit(resolve));
    }
  }

  verifyChain(onProgress?: VerifyProgress): Promise<ChainVerification> {
    return (async () => {
      const snapshot = await this.db.connect();
      try {
        return await snapshot.transaction(() => verifyDuckDbChain(snapshot, onProgress));
      } finally {
        snapshot.close();
      }
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscription?.stop();
    this.wake();
    this.reader.close();
    this.db.close();
  }
}
