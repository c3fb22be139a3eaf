/**
 * The store's references, measured in the same run as our figures (issue 18 §3): the peer,
 * Emmett's SQLite store (@event-driven-io/emmett-sqlite 0.38.5, installed on first use in
 * bench/peers), on the same events: single appends, batches of 100, reading back per stream and
 * globally; and the limit, DuckDB's Appender into a bare table of the events table's columns, no
 * checks, batches of 10,000.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBUUIDValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { ensurePeers, PEERS_DIR } from './peers/ensure-peers.ts';
import { median, timed } from './stats.ts';
import { progressData } from './store-bench.ts';

/** What the bench uses of Emmett's SQLite store (typed here: the peer is not installed at type-check time). */
interface EmmettEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}
interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string; schema: { autoMigration: 'CreateOrUpdate' } }): {
    appendToStream(stream: string, events: EmmettEvent[]): Promise<unknown>;
    readStream(stream: string): Promise<{ events: unknown[] }>;
  };
  sqliteConnection(options: { fileName: string }): { close(): void };
  readMessagesBatch(
    connection: unknown,
    options: { after: bigint; batchSize: number },
  ): Promise<{ currentGlobalPosition: bigint; messages: unknown[]; areEventsLeft: boolean }>;
}

/** The same payload as the store bench's events. */
function emmettEvent(i: number): EmmettEvent {
  return {
    type: 'ProgressReported',
    data: progressData(i),
    metadata: { actor: 'bench', source: 'test', occurredAt: '2025-05-10T09:00:00+07:00' },
  };
}

export interface PeerStoreResult {
  /** Emmett SQLite, events/s. */
  readonly emmettSingle: number;
  readonly emmettBatch100: number;
  readonly emmettReadGlobal: number;
  readonly emmettReadStream: number;
  readonly emmettReadEvents: number;
  /** DuckDB Appender, bare table, batches of 10,000, events/s. */
  readonly appenderBatch10k: number;
}

/** One round of the references: Emmett's figures and the Appender's, events/s. */
export interface PeerRound {
  readonly emmettSingle: number;
  readonly emmettBatch100: number;
  readonly emmettReadGlobal: number;
  readonly emmettReadStream: number;
  readonly appenderBatch10k: number;
}

/** The medians of the rounds made so far. */
export function peerMedians(rounds: readonly PeerRound[]): PeerStoreResult {
  const m = (pick: (r: PeerRound) => number) => median(rounds.map(pick));
  return {
    emmettSingle: m((r) => r.emmettSingle),
    emmettBatch100: m((r) => r.emmettBatch100),
    emmettReadGlobal: m((r) => r.emmettReadGlobal),
    emmettReadStream: m((r) => r.emmettReadStream),
    emmettReadEvents: 20_300,
    appenderBatch10k: m((r) => r.appenderBatch10k),
  };
}

/**
 * The references, one round at a time, so that a caller can alternate them with its own rounds
 * (the machine's speed drifts within minutes; a ratio is only fair between neighbouring rounds).
 */
export async function openPeerStoreBench(
  log: (line: string) => void = console.log,
): Promise<{ round(run: number): Promise<PeerRound>; close(): void }> {
  ensurePeers(log);
  const emmett = (await import(
    pathToFileURL(join(PEERS_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'dist', 'index.js')).href
  )) as EmmettSqlite;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bench-peers-'));
  const total = 20_000;
  const emmettRun = async (fileName: string) => {
    const store = emmett.getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
    const n1 = 300;
    const one = await timed(async () => {
      for (let i = 0; i < n1; i++) await store.appendToStream(`task-2025-II.${i % 7}`, [emmettEvent(i)]);
    });
    // Batches of 100 (one append of 100 events to one stream), 20,000 events in all.
    const batches = await timed(async () => {
      for (let b = 0; b < total / 100; b++)
        await store.appendToStream(
          `bulk-${b}`,
          Array.from({ length: 100 }, (_, i) => emmettEvent(i)),
        );
    });
    // Reading back: the whole log in pages of 10,000, and every bulk stream one by one.
    const connection = emmett.sqliteConnection({ fileName });
    let globalRead: number;
    try {
      const read = await timed(async () => {
        let after = 0n;
        let count = 0;
        for (;;) {
          const page = await emmett.readMessagesBatch(connection, { after, batchSize: 10_000 });
          count += page.messages.length;
          after = page.currentGlobalPosition;
          if (!page.areEventsLeft || page.messages.length === 0) return count;
        }
      });
      if (read.result !== total + n1) throw new Error(`Emmett read ${read.result} events, expected ${total + n1}`);
      globalRead = read.result / (read.ms / 1000);
    } finally {
      connection.close();
    }
    const perStream = await timed(async () => {
      let count = 0;
      for (let b = 0; b < total / 100; b++) count += (await store.readStream(`bulk-${b}`)).events.length;
      return count;
    });
    return {
      single: n1 / (one.ms / 1000),
      batch100: total / (batches.ms / 1000),
      globalRead,
      streamRead: perStream.result / (perStream.ms / 1000),
    };
  };
  const round = async (run: number): Promise<PeerRound> => {
    let figures: Awaited<ReturnType<typeof emmettRun>> | undefined;
    // Emmett's SQLite store sometimes fails a commit with SQLITE_BUSY on a loaded machine: that
    // round is made again on a new file (at most twice), and the retry is logged.
    for (let attempt = 0; !figures; attempt++) {
      try {
        figures = await emmettRun(join(dir, `emmett-${run}-${attempt}.db`));
      } catch (error) {
        if (attempt >= 2 || !/SQLITE_BUSY/.test(String(error))) throw error;
        log(`  peers ${run + 1}: Emmett failed with SQLITE_BUSY, round made again`);
      }
    }
    const appenderBatch10k = await appenderRun(join(dir, `raw-${run}`), 40_000);
    log(
      `  peers ${run + 1}: Emmett single ${Math.round(figures.single)}/s, batches of 100 ${Math.round(figures.batch100)}/s, global read ${Math.round(figures.globalRead)}/s; DuckDB Appender ${Math.round(appenderBatch10k)}/s`,
    );
    return {
      emmettSingle: figures.single,
      emmettBatch100: figures.batch100,
      emmettReadGlobal: figures.globalRead,
      emmettReadStream: figures.streamRead,
      appenderBatch10k,
    };
  };
  return { round, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The raw limit: the Appender into a table of the events table's columns, batches of 10,000, each committed. */
async function appenderRun(dir: string, events: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, 'raw.duckdb'));
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE events (global_position BIGINT NOT NULL, event_id UUID NOT NULL, stream_id VARCHAR NOT NULL,
      stream_revision BIGINT NOT NULL, type VARCHAR NOT NULL, schema_version INTEGER NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
      recorded_at TIMESTAMPTZ NOT NULL, task_id VARCHAR, unit_id VARCHAR, actor VARCHAR NOT NULL, source VARCHAR NOT NULL,
      metadata JSON NOT NULL, data JSON NOT NULL, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL, known_at TIMESTAMPTZ)`);
    const hash = '0'.repeat(64);
    const occurred = new DuckDBTimestampTZValue(BigInt(Date.parse('2025-05-10T02:00:00Z')) * 1000n);
    const appender = await connection.createAppender('events');
    const types = Array.from({ length: 17 }, (_, c) => appender.columnType(c));
    appender.closeSync();
    // Typed columns in data chunks of 2,048 rows (DuckDB's vector size), one Appender per batch of
    // 10,000 closed (committed) at its end: the fastest way in that the client offers.
    const t = await timed(async () => {
      for (let b = 0; b < events / 10_000; b++) {
        const batch = await connection.createAppender('events');
        for (let from = 0; from < 10_000; from += 2048) {
          const rows = Math.min(2048, 10_000 - from);
          const columns: DuckDBValue[][] = Array.from({ length: 17 }, () => new Array<DuckDBValue>(rows));
          const recorded = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
          for (let r = 0; r < rows; r++) {
            const i = from + r;
            const n = b * 10_000 + i;
            const e = emmettEvent(n);
            const row: DuckDBValue[] = [
              BigInt(n + 1),
              DuckDBUUIDValue.fromUint128(BigInt(`0x${randomBytes(16).toString('hex')}`)),
              `bulk-${b}-${Math.floor(i / 100)}`,
              BigInt(i % 100),
              e.type,
              2,
              occurred,
              recorded,
              String(e.data.taskId),
              String(e.data.unitId),
              'bench',
              'test',
              JSON.stringify(e.metadata),
              JSON.stringify(e.data),
              hash,
              hash,
              null,
            ];
            for (let c = 0; c < 17; c++) columns[c]![r] = row[c]!;
          }
          const chunk = DuckDBDataChunk.create(types, rows);
          chunk.setColumns(columns);
          batch.appendDataChunk(chunk);
        }
        batch.closeSync();
      }
    });
    const count = Number((await connection.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0]);
    if (count !== events) throw new Error(`the Appender wrote ${count} rows, expected ${events}`);
    return events / (t.ms / 1000);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
