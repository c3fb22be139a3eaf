import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { StoreLockedError } from '../../errors/store-errors.ts';
import { capabilitiesContract } from '../capabilities-contract.ts';
import { eventStoreContract } from '../event-store-contract.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-store-'));
let n = 0;
const freshPath = () => join(dir, `store-${++n}`, 'events.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('embedded DuckDB, file', () => DuckDbEventStore.open({ path: freshPath() }));
eventStoreContract('embedded DuckDB, in memory', () => DuckDbEventStore.open({ path: ':memory:' }));
capabilitiesContract('embedded DuckDB, file', () => DuckDbEventStore.open({ path: freshPath() }));

const meta = { actor: 'test', source: 'test' } as const;
const ev = (data: Record<string, unknown>) => ({
  type: 'SomethingHappened',
  data,
  metadata: meta,
  occurredAt: '2025-02-01T00:00:00Z',
});

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
    let now = '2025-05-01T10:00:00.000Z';
    const store = await DuckDbEventStore.open({ path: ':memory:', clock: () => new Date(now) });
    try {
      await store.appendToStream('a', [ev({})]);
      now = '2025-05-01T09:00:00.000Z';
      await store.appendToStream('a', [ev({})]);
      const log = await store.readAll();
      expect(log.map((e) => e.recordedAt)).toEqual(['2025-05-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z']);
    } finally {
      await store.close();
    }
  });

  it('refuses a backfill known in the future, and records every event at the store clock', async () => {
    let now = '2025-05-01T10:00:00.000Z';
    const store = await DuckDbEventStore.open({ path: ':memory:', clock: () => new Date(now) });
    try {
      const backfill = (knownAt: string) => ({ actor: 'importer', source: 'backfill', knownAt, reason: 'r' }) as const;
      await expect(
        store.appendToStream('a', [{ ...ev({}), metadata: backfill('2052-01-01T00:00:00.000Z') }]),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'events[0].metadata.knownAt' }],
      });
      await store.appendToStream('a', [{ ...ev({}), metadata: backfill('2025-03-10T02:00:00.000Z') }]);
      now = '2025-05-01T10:01:00.000Z';
      await store.appendToStream('a', [ev({})]);
      expect((await store.readAll()).map((e) => [e.recordedAt, e.metadata.knownAt])).toEqual([
        ['2025-05-01T10:00:00.000Z', '2025-03-10T02:00:00.000Z'],
        ['2025-05-01T10:01:00.000Z', undefined],
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses malformed Unicode (a lone surrogate) and ids that are not strings, without failing other appends', async () => {
    const store = await DuckDbEventStore.open({ path: ':memory:' });
    try {
      const outcomes = await Promise.allSettled([
        store.appendToStream('a', [ev({ note: 'ok' })]),
        store.appendToStream('b', [ev({ note: 'bad \ud800 text' })]),
        store.appendToStream('c', [ev({ unitId: 5 })]),
        store.appendToStream('d', [ev({ note: 'đúng \ud83d\ude00' })]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'events[0].data' }],
      });
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
        issues: [{ path: 'events[0].data.unitId' }],
      });
      expect((await store.verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('close() lets in-flight reads and queued appends finish, then refuses new work', async () => {
    const store = await DuckDbEventStore.open({ path: ':memory:' });
    for (let i = 0; i < 50; i++) await store.appendToStream('a', [ev({ i })]);
    const read = store.readAll({ limit: 100 });
    const verify = store.verifyChain();
    const append = store.appendToStream('a', [ev({ last: true })]);
    const closing = store.close();
    expect((await read).length).toBeGreaterThanOrEqual(50);
    expect((await verify).ok).toBe(true);
    expect((await append).position).toBe(51);
    await closing;
    await expect(store.readAll()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.appendToStream('a', [ev({})])).rejects.toMatchObject({ code: 'STORE_CLOSED' });
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
      {
        ...ev({ taskId: 'II.3', unitId: 'vpdkdd', percent: 40 }),
        type: 'ProgressReported',
        metadata: { actor: 'u1', source: 'cli' },
      },
      { ...ev({ unitId: 'vpdkdd' }), metadata: { actor: 'u2', source: 'api', unitId: 'vp-so' } },
      { ...ev({ year: 2025 }), metadata: { actor: 'u3', source: 'api', unitId: 'vp-so' } },
    ]);
    await store.close();
    const db = await DuckDb.open(path, { readOnly: true });
    try {
      const rows = await db.rows(
        `SELECT type, stream_id, task_id, unit_id, actor, source, typeof(occurred_at) AS t FROM events ORDER BY global_position`,
      );
      expect(rows).toEqual([
        {
          type: 'ProgressReported',
          stream_id: 'task-2025-II.3',
          task_id: 'II.3',
          unit_id: 'vpdkdd',
          actor: 'u1',
          source: 'cli',
          t: 'TIMESTAMP WITH TIME ZONE',
        },
        {
          type: 'SomethingHappened',
          stream_id: 'task-2025-II.3',
          task_id: null,
          unit_id: 'vpdkdd',
          actor: 'u2',
          source: 'api',
          t: 'TIMESTAMP WITH TIME ZONE',
        },
        {
          type: 'SomethingHappened',
          stream_id: 'task-2025-II.3',
          task_id: null,
          unit_id: 'vp-so',
          actor: 'u3',
          source: 'api',
          t: 'TIMESTAMP WITH TIME ZONE',
        },
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
      await expect(reader.appendToStream('a', [ev({})])).rejects.toMatchObject({ code: 'STORE_READ_ONLY' });
    } finally {
      await reader.close();
    }
  });
});
