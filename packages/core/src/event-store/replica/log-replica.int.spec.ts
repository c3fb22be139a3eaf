import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { capabilityOf, embeddedDatabase } from '../capabilities.ts';
import { EventStoreDbStore } from '../esdb/esdb-event-store.ts';
import { EsdbStandIn } from '../esdb/testing/esdb-stand-in.ts';
import { ReplicatedStore } from './replicated-store.ts';

let standIn: EsdbStandIn;
const dir = mkdtempSync(join(tmpdir(), 'cchc-replica-'));
beforeAll(async () => {
  standIn = await EsdbStandIn.start();
});
afterAll(async () => {
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ev = (n: number) => ({
  type: 'ProgressReported',
  data: { taskId: 'II.3', unitId: 'vpdkdd', percent: n },
  metadata: { actor: 'test', source: 'test' } as const,
  occurredAt: '2025-03-10T09:00:00+07:00',
});
const open = (namespace: string, replicaPath: string) =>
  EventStoreDbStore.open({ url: standIn.url, namespace }).then((s) => ReplicatedStore.open(s, { replicaPath }));

describe('DuckDB log replica of an EventStoreDB ledger', () => {
  it('holds the log in the embedded events table, and resumes from its checkpoint without a gap or a double', async () => {
    const namespace = `r-${randomUUID().slice(0, 8)}`;
    const path = join(dir, `${namespace}.duckdb`);
    const first = await open(namespace, path);
    await first.appendToStream('task-2025-II.3', [ev(10), ev(20), ev(30)]);
    const db = embeddedDatabase(first);
    expect(await db.value<number>(`SELECT count(*) FROM events`)).toBe(3);
    expect(await db.value<string>(`SELECT task_id FROM events WHERE global_position = 2`)).toBe('II.3');
    await first.close();

    // Two more events written while the replica was closed (another API replica, say).
    const writer = await EventStoreDbStore.open({ url: standIn.url, namespace });
    await writer.appendToStream('task-2025-II.3', [ev(40), ev(50)], { expectedRevision: 2 });
    await writer.close();

    const again = await open(namespace, path);
    try {
      expect(await again.headPosition()).toBe(5);
      const rows = await embeddedDatabase(again).rows<{ p: number }>(
        `SELECT global_position AS p FROM events ORDER BY p`,
      );
      expect(rows.map((r) => r.p)).toEqual([1, 2, 3, 4, 5]);
      expect((await capabilityOf(again, 'chainVerifier').verifyChain()).ok).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('verify names the first position whose row in the replica was altered', async () => {
    const namespace = `t-${randomUUID().slice(0, 8)}`;
    const path = join(dir, `${namespace}.duckdb`);
    const store = await open(namespace, path);
    await store.appendToStream('task-2025-II.3', [ev(10), ev(20), ev(30)]);
    await store.close();
    const raw = await DuckDb.open(path);
    await raw.run(
      `UPDATE events SET data = '{"taskId":"II.3","unitId":"vpdkdd","percent":99}' WHERE global_position = 2`,
    );
    raw.close();
    const reopened = await open(namespace, path);
    try {
      const verification = await capabilityOf(reopened, 'chainVerifier').verifyChain();
      expect(verification.ok).toBe(false);
      expect(verification.failure?.position).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a replica file made from another store', async () => {
    const path = join(dir, 'other.duckdb');
    const a = await open(`a-${randomUUID().slice(0, 8)}`, path);
    await a.close();
    const b = await EventStoreDbStore.open({ url: `${standIn.url}&cchcNamespace=b`, namespace: 'b' });
    await expect(ReplicatedStore.open(b, { replicaPath: path })).rejects.toMatchObject({ code: 'STORE_DAMAGED' });
    await b.close();
  });
});
