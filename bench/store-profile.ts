/**
 * Where a batch of 10,000 and a page of the global log spend their time (issue 18 §2, step 1):
 * the store's own steps timed one by one on the same events as `pnpm bench store`, medians of
 * several runs. Run alone: `node --import tsx bench/store-profile.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDb } from '../packages/core/src/duckdb/duckdb-client.ts';
import { normaliseRequests } from '../packages/core/src/event-store/append-input.ts';
import { planGroup } from '../packages/core/src/event-store/duckdb/group-plan.ts';
import { packRows } from '../packages/core/src/event-store/duckdb/row-codec.ts';
import { EVENT_JSON_SQL, INSERT_PACKED_ROWS } from '../packages/core/src/event-store/duckdb/schema.ts';
import { openDatabase, prepareSchema, readCommittedState } from '../packages/core/src/event-store/duckdb/store-file.ts';
import { median } from './stats.ts';
import { batchRequests } from './store-bench.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-profile-store-'));
  const steps: Record<string, number[]> = {};
  const note = (step: string, ms: number) => {
    steps[step] ??= [];
    steps[step].push(ms);
  };
  const time = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    note(step, performance.now() - start);
    return result;
  };
  try {
    const db: DuckDb = await openDatabase(join(dir, 'events.duckdb'), { readOnly: false });
    await prepareSchema(db, join(dir, 'events.duckdb'), false);
    const insert = await db.raw.prepare(INSERT_PACKED_ROWS);
    let committed = await readCommittedState(db);
    for (let run = 0; run < RUNS * 4; run++) {
      const requests = batchRequests(`p-${run}`);
      const normalised = await time('batch: normalise (checks, JSON.stringify)', () =>
        normaliseRequests(requests, Date.now()),
      );
      const units = [{ requests: normalised, eventCount: 10_000 }];
      const plan = await time('batch: plan (canonical text, sha256, row lines)', () =>
        planGroup(units, committed, new Date().toISOString()),
      );
      const packed = await time('batch: pack (one string)', () => packRows(plan.rows));
      await time('batch: bind (UTF-8 into DuckDB)', () => insert.bindVarchar(1, packed));
      await time('batch: INSERT (split, casts, table, index, WAL, commit)', () => insert.run());
      committed = { revisions: new Map([...committed.revisions, ...plan.revisions]), head: plan.head };
    }
    insert.destroySync();
    const reader = await db.connect();
    const pageSql = `SELECT '[' || string_agg(j, ',' ORDER BY k) || ']' FROM (
       SELECT ${EVENT_JSON_SQL} AS j, global_position AS k FROM events
       WHERE global_position >= $1::BIGINT AND global_position < $1::BIGINT + 10000)`;
    const scalarSql = `SELECT global_position FROM events WHERE global_position >= $1::BIGINT AND global_position < $1::BIGINT + 10000`;
    for (let run = 0; run < RUNS; run++) {
      for (let from = 1; from < RUNS * 4 * 10_000; from += 10_000) {
        await time('read: a trivial query of the same range (floor)', () => reader.value(scalarSql, [from]));
        const text = await time('read: SQL building the page JSON (string_agg)', () =>
          reader.value<string>(pageSql, [from]),
        );
        await time('read: JSON.parse of the page', () => JSON.parse(text ?? '[]'));
      }
    }
    reader.close();
    db.close();
    console.log(`medians of ${RUNS * 4} batches of 10,000 / ${RUNS * RUNS * 4} pages of 10,000 (ms):`);
    for (const [step, values] of Object.entries(steps))
      console.log(`  ${step.padEnd(62)} ${median(values).toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
