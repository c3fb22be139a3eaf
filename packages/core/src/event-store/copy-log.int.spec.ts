import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityOf } from './capabilities.ts';
import { copyLog } from './copy-log.ts';
import { EventStoreDbStore } from './esdb/esdb-event-store.ts';
import { EsdbStandIn } from './esdb/testing/esdb-stand-in.ts';
import { InMemoryEventStore } from './memory/in-memory-event-store.ts';
import { openLedgerStore } from './open-ledger-store.ts';

let standIn: EsdbStandIn;
beforeAll(async () => {
  standIn = await EsdbStandIn.start();
});
afterAll(() => standIn.stop());

async function sourceLog() {
  let now = Date.parse('2025-03-01T02:00:00Z');
  const source = new InMemoryEventStore({
    clock: () => {
      now += 60_000;
      return new Date(now);
    },
  });
  for (let i = 0; i < 12; i++) {
    await source.appendMany([
      {
        streamId: `task-2025-I.${i % 3}`,
        events: [
          {
            type: 'ProgressReported',
            data: { taskId: `I.${i % 3}`, unitId: 'a', percent: i },
            metadata: { actor: 'test', source: 'test', correlationId: `c-${i}` },
            occurredAt: '2025-02-20T09:00:00+07:00',
          },
        ],
      },
      ...(i % 4 === 0
        ? [
            {
              streamId: 'unit-a',
              events: [
                {
                  type: 'InitiativeRecognised',
                  data: { unitId: 'a' },
                  metadata: {
                    actor: 'vp-so',
                    source: 'backfill' as const,
                    knownAt: '2025-02-25T02:00:00.000Z',
                    reason: 'sổ giấy',
                  },
                  occurredAt: '2025-02-20T09:00:00+07:00',
                },
              ],
            },
          ]
        : []),
    ]);
  }
  return source;
}

describe('store copy', () => {
  it('round trip in memory → EventStoreDB → embedded DuckDB keeps ids, order, revisions, times and the chain', async () => {
    const source = await sourceLog();
    const esdb = await EventStoreDbStore.open({ url: standIn.url, namespace: `copy-${randomUUID().slice(0, 8)}` });
    const duck = await openLedgerStore({ url: ':memory:' });
    try {
      const progress: number[] = [];
      const there = await copyLog(source, esdb, { pageSize: 4, onProgress: (done) => progress.push(done) });
      expect(there).toMatchObject({ resumedAt: 0, copied: 15, head: 15 });
      expect(progress).toEqual([0, 4, 8, 12, 15]);
      const back = await copyLog(esdb, duck);
      expect(back.targetHeadHash).toBe(there.sourceHeadHash);
      const [a, b, c] = [
        await source.readAll({ limit: 100 }),
        await esdb.readAll({ limit: 100 }),
        await duck.readAll({ limit: 100 }),
      ];
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect((await capabilityOf(duck, 'chainVerifier').verifyChain()).ok).toBe(true);
    } finally {
      await Promise.all([source.close(), esdb.close(), duck.close()]);
    }
  });

  it('resumes an interrupted copy after what the target holds, and refuses a target that is not a prefix', async () => {
    const source = await sourceLog();
    const target = new InMemoryEventStore();
    const other = new InMemoryEventStore();
    try {
      await capabilityOf(target, 'logImport').importEvents(await source.readAll({ limit: 6 }));
      const resumed = await copyLog(source, target, { pageSize: 5 });
      expect(resumed).toMatchObject({ resumedAt: 6, copied: 9, head: 15 });
      expect(await target.readAll({ limit: 100 })).toEqual(await source.readAll({ limit: 100 }));
      await other.appendToStream('x', [
        { type: 'SomethingHappened', data: {}, metadata: { actor: 't', source: 'test' }, occurredAt: '2025-01-01' },
      ]);
      await expect(copyLog(source, other)).rejects.toMatchObject({ code: 'STORE_WRITE_FAILED' });
      expect(await other.headPosition()).toBe(1);
    } finally {
      await Promise.all([source.close(), target.close(), other.close()]);
    }
  });
});
