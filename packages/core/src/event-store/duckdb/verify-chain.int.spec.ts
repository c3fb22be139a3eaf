import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';
import { verifyDuckDbChain, walkDuckDbChain } from './verify-chain.ts';
import { chainHoldsInSql } from './verify-chain-sql.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/**
 * A store of `count` events on a few streams, closed; then `tamper` runs on the raw file. Every
 * case also checks that the set-based check agrees with the row-by-row walk: it holds exactly when
 * the walk passes, with the same head.
 */
async function tampered(count: number, tamper: (db: DuckDb) => Promise<void>, pageSize = 5) {
  const path = join(dir, `s-${++n}`, 'events.duckdb');
  const store = await DuckDbEventStore.open({ path });
  for (let i = 0; i < count; i++) {
    await store.appendToStream(`task-2025-II.${i % 3}`, [
      {
        type: 'ProgressReported',
        data: { taskId: `II.${i % 3}`, unitId: 'vp-so', percent: i },
        metadata: { actor: 'a', source: 'test' },
        occurredAt: '2025-03-01T00:00:00Z',
      },
    ]);
  }
  await store.close();
  const db = await DuckDb.open(path);
  try {
    await tamper(db);
    const verdict = await verifyDuckDbChain(db, undefined, pageSize);
    const rows = (await db.value<number>(`SELECT count(*) FROM events`)) ?? 0;
    const walked = await walkDuckDbChain(db, rows, undefined, pageSize);
    expect(verdict).toEqual(walked);
    const head = walked.ok ? { headPosition: walked.headPosition, headHash: walked.headHash } : undefined;
    expect(await chainHoldsInSql(db, rows)).toEqual(head);
    expect(await chainHoldsInSql(db, rows, undefined, pageSize)).toEqual(head);
    return verdict;
  } finally {
    db.close();
  }
}

describe('verify', () => {
  it('passes an untouched log, across pages', async () => {
    const v = await tampered(12, async () => undefined);
    expect(v).toMatchObject({ ok: true, checked: 12, headPosition: 12 });
  });

  it('names a payload changed in place', async () => {
    const v = await tampered(12, (db) =>
      db.run(`UPDATE events SET data = '{"taskId":"II.1","unitId":"vp-so","percent":100}' WHERE global_position = 7`),
    );
    expect(v.failure).toMatchObject({ position: 7, reason: 'hash_mismatch' });
    expect(v.checked).toBe(6);
  });

  it('names a changed occurredAt, recordedAt or stream revision', async () => {
    expect(
      (
        await tampered(8, (db) =>
          db.run(`UPDATE events SET occurred_at = occurred_at - INTERVAL 30 DAY WHERE global_position = 3`),
        )
      ).failure,
    ).toMatchObject({ position: 3, reason: 'hash_mismatch' });
    expect(
      (
        await tampered(8, (db) =>
          db.run(`UPDATE events SET recorded_at = recorded_at - INTERVAL 1 HOUR WHERE global_position = 4`),
        )
      ).failure,
    ).toMatchObject({ position: 4 });
    expect(
      (await tampered(8, (db) => db.run(`UPDATE events SET stream_revision = 9 WHERE global_position = 5`))).failure,
    ).toMatchObject({ position: 5 });
  });

  it('names a deleted event', async () => {
    const v = await tampered(12, (db) => db.run(`DELETE FROM events WHERE global_position = 5`));
    expect(v.failure).toMatchObject({ position: 5, reason: 'missing_position' });
  });

  it('names a row inserted at an existing position, even at the end of a page', async () => {
    const copy = (p: number) =>
      `INSERT INTO events SELECT * REPLACE (gen_random_uuid() AS event_id) FROM events WHERE global_position = ${p}`;
    expect((await tampered(12, (db) => db.run(copy(5)))).failure).toMatchObject({
      position: 5,
      reason: 'duplicate_position',
    });
    expect((await tampered(12, (db) => db.run(copy(10)))).failure).toMatchObject({
      position: 10,
      reason: 'duplicate_position',
    });
  });

  it('names a row slipped in before position 1', async () => {
    const v = await tampered(6, (db) =>
      db.run(
        `INSERT INTO events SELECT * REPLACE (gen_random_uuid() AS event_id, 0::BIGINT AS global_position) FROM events WHERE global_position = 2`,
      ),
    );
    expect(v.failure).toMatchObject({ position: 0, reason: 'foreign_position' });
  });

  it('names a lookup column changed without its payload', async () => {
    const v = await tampered(6, (db) => db.run(`UPDATE events SET unit_id = 'khac' WHERE global_position = 6`));
    expect(v.failure).toMatchObject({ position: 6, reason: 'derived_column_mismatch' });
  });

  it('names the first break when the link to the previous event is cut', async () => {
    const v = await tampered(8, (db) =>
      db.run(`UPDATE events SET prev_hash = repeat('0', 64) WHERE global_position = 4`),
    );
    expect(v.failure).toMatchObject({ position: 4, reason: 'broken_link' });
  });
});
