import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { StoreLockedError } from '../../errors/store-errors.ts';
import { eventStoreContract } from '../event-store-contract.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-store-'));
let n = 0;
const freshPath = () => join(dir, `store-${++n}`, 'events.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('embedded DuckDB, file', () => DuckDbEventStore.open({ path: freshPath() }));
eventStoreContract('embedded DuckDB, in memory', () => DuckDbEventStore.open({ path: ':memory:' }));

const meta = { actor: 'test', source: 'test' } as const;
const ev = (data: Record<string, unknown>) => ({ type: 'SomethingHappened', data, metadata: meta, occurredAt: '2025-02-01T00:00:00Z' });

describe('embedded DuckDB store', () => {
  it('chains every event to the previous one and verifies the chain', async () => {
    const store = await DuckDbEventStore.open({ path: freshPath() });
    try {
      await store.appendToStream('a', [ev({ i: 1 }), ev({ i: 2 })]);
      await store.appendToStream('b', [ev({ i: 3 })]);
      const log = await store.readAll();
      expect(log[0]!.prevHash).toBe(GENESIS_HASH);
      expect(log[1]!.prevHash).toBe(log[0]!.hash);
      expect(log[2]!.prevHash).toBe(log[1]!.hash);
      expect(new Set(log.map((e) => e.hash)).size).toBe(3);
      const verification = await store.verifyChain();
      expect(verification).toMatchObject({ ok: true, checked: 3, headPosition: 3, headHash: log[2]!.hash });
    } finally {
      await store.close();
    }
  });

  it('keeps state across reopen: revisions, head, chain', async () => {
    const path = freshPath();
    const first = await DuckDbEventStore.open({ path });
    await first.appendToStream('a', [ev({ i: 1 }), ev({ i: 2 })]);
    await first.close();
    const second = await DuckDbEventStore.open({ path });
    try {
      expect(await second.streamRevision('a')).toBe(1);
      const r = await second.appendToStream('a', [ev({ i: 3 })], { expectedRevision: 1 });
      expect(r.position).toBe(3);
      expect((await second.verifyChain()).ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('recordedAt never runs backwards in the log, even if the clock does', async () => {
    const times = ['2025-05-01T10:00:00.000Z', '2025-05-01T09:00:00.000Z'];
    const store = await DuckDbEventStore.open({ path: ':memory:', clock: () => new Date(times.shift() ?? '2025-05-01T11:00:00.000Z') });
    try {
      await store.appendToStream('a', [ev({})]);
      await store.appendToStream('a', [ev({})]);
      const log = await store.readAll();
      expect(log.map((e) => e.recordedAt)).toEqual(['2025-05-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z']);
    } finally {
      await store.close();
    }
  });

  it('refuses a second writer on the same file in this process', async () => {
    const path = freshPath();
    const store = await DuckDbEventStore.open({ path });
    try {
      await expect(DuckDbEventStore.open({ path })).rejects.toBeInstanceOf(StoreLockedError);
    } finally {
      await store.close();
    }
    const again = await DuckDbEventStore.open({ path });
    await again.close();
  });

  it('fills the typed columns projections filter on', async () => {
    const path = freshPath();
    const store = await DuckDbEventStore.open({ path });
    await store.appendToStream('task-2025-II.3', [
      { ...ev({ taskId: 'II.3', unitId: 'vpdkdd', percent: 40 }), type: 'ProgressReported', metadata: { actor: 'u1', source: 'cli' } },
      { ...ev({ unitId: 'vpdkdd' }), metadata: { actor: 'u2', source: 'api', unitId: 'vp-so' } },
      { ...ev({ year: 2025 }), metadata: { actor: 'u3', source: 'api', unitId: 'vp-so' } },
    ]);
    await store.close();
    const db = await DuckDb.open(path, { readOnly: true });
    try {
      const rows = await db.rows(`SELECT type, stream_id, task_id, unit_id, actor, source, typeof(occurred_at) AS t FROM events ORDER BY global_position`);
      expect(rows).toEqual([
        { type: 'ProgressReported', stream_id: 'task-2025-II.3', task_id: 'II.3', unit_id: 'vpdkdd', actor: 'u1', source: 'cli', t: 'TIMESTAMP WITH TIME ZONE' },
        { type: 'SomethingHappened', stream_id: 'task-2025-II.3', task_id: null, unit_id: 'vpdkdd', actor: 'u2', source: 'api', t: 'TIMESTAMP WITH TIME ZONE' },
        { type: 'SomethingHappened', stream_id: 'task-2025-II.3', task_id: null, unit_id: 'vp-so', actor: 'u3', source: 'api', t: 'TIMESTAMP WITH TIME ZONE' },
      ]);
    } finally {
      db.close();
    }
  });

  it('opens read-only beside no writer, and refuses appends then', async () => {
    const path = freshPath();
    const writer = await DuckDbEventStore.open({ path });
    await writer.appendToStream('a', [ev({})]);
    await writer.close();
    const reader = await DuckDbEventStore.open({ path, readOnly: true });
    try {
      expect(await reader.headPosition()).toBe(1);
      expect(await reader.streamRevision('a')).toBe(0);
      await expect(reader.appendToStream('a', [ev({})])).rejects.toMatchObject({ code: 'STORE_WRITE_FAILED' });
    } finally {
      await reader.close();
    }
  });
});
