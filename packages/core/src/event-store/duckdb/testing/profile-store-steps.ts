import { join } from 'node:path';
import type { DuckDb } from '../../../duckdb/duckdb-client.ts';
import { normaliseRequests } from '../../append-input.ts';
import type { AppendRequest } from '../../event-store.ts';
import { planGroup } from '../group-plan.ts';
import { packRows } from '../row-codec.ts';
import { EVENT_JSON_SQL, INSERT_PACKED_ROWS } from '../schema.ts';
import { openDatabase, prepareSchema, readCommittedState } from '../store-file.ts';

/** Times one step (the caller keeps the timings). */
export type TimeStep = <T>(step: string, work: () => T | Promise<T>) => Promise<T>;

/**
 * The embedded store's own steps, one by one, for `bench/store-profile.ts` (issue 18 §2): a batch
 * of 10,000 (normalise, plan, pack, bind, INSERT) and a page of the global log (the SQL building
 * its JSON, JSON.parse). Test support: it reaches inside the adapter, so it lives beside it.
 */
export async function profileDuckDbStoreSteps(options: {
  readonly dir: string;
  readonly runs: number;
  readonly batchRequests: (prefix: string) => readonly AppendRequest[];
  readonly time: TimeStep;
}): Promise<void> {
  const { dir, runs, batchRequests, time } = options;
  const db: DuckDb = await openDatabase(join(dir, 'events.duckdb'), { readOnly: false });
  try {
    await prepareSchema(db, join(dir, 'events.duckdb'), false);
    const insert = await db.raw.prepare(INSERT_PACKED_ROWS);
    let committed = await readCommittedState(db);
    for (let run = 0; run < runs * 4; run++) {
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
    for (let run = 0; run < runs; run++) {
      for (let from = 1; from < runs * 4 * 10_000; from += 10_000) {
        await time('read: a trivial query of the same range (floor)', () => reader.value(scalarSql, [from]));
        const text = await time('read: SQL building the page JSON (string_agg)', () =>
          reader.value<string>(pageSql, [from]),
        );
        await time('read: JSON.parse of the page', () => JSON.parse(text ?? '[]'));
      }
    }
    reader.close();
  } finally {
    db.close();
  }
}
