import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesContract } from '../capabilities-contract.ts';
import { eventStoreContract } from '../event-store-contract.ts';
import { openLedgerStore } from '../open-ledger-store.ts';
import { ReplicatedStore } from '../replica/replicated-store.ts';
import { EventStoreDbStore } from './esdb-event-store.ts';
import { EsdbStandIn } from './testing/esdb-stand-in.ts';

// With EVENTSTORE_URL set (e.g. kurrentdb://127.0.0.1:2113?tls=false) the same suites run against
// that server; otherwise against the protocol-level stand-in. Each store gets its own namespace,
// so every test starts from an empty ledger on one server.
const external = process.env.EVENTSTORE_URL;
let standIn: EsdbStandIn | undefined;
beforeAll(async () => {
  if (!external) standIn = await EsdbStandIn.start();
});
afterAll(async () => {
  await standIn?.stop();
});
const serverUrl = () => external ?? standIn!.url;
const fresh = () => EventStoreDbStore.open({ url: serverUrl(), namespace: `t-${randomUUID().slice(0, 8)}` });
const target = external ? 'a real server' : 'the stand-in';

eventStoreContract(`EventStoreDB (${target})`, fresh);
capabilitiesContract(`EventStoreDB (${target})`, fresh);

describe(`EventStoreDB adapter (${target})`, () => {
  const ev = (n: number) => ({
    type: 'SomethingHappened',
    data: { n, text: 'Số hóa hồ sơ' },
    metadata: { actor: 'test', source: 'test', correlationId: 'c-1' } as const,
    occurredAt: '2025-03-10T09:00:00+07:00',
  });

  it('is what an esdb:// or kurrentdb:// URL opens', async () => {
    const store = await openLedgerStore({ url: `${serverUrl()}&cchcNamespace=open-${randomUUID().slice(0, 8)}` });
    try {
      expect(store.kind).toBe('esdb');
      expect(store.capabilities.embeddedLog).toBeUndefined();
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a second process on the same ledger sees the same dense positions, hashes and revisions', async () => {
    const namespace = `shared-${randomUUID().slice(0, 8)}`;
    const a = await EventStoreDbStore.open({ url: serverUrl(), namespace });
    const b = await EventStoreDbStore.open({ url: serverUrl(), namespace });
    try {
      await a.appendToStream('x', [ev(1), ev(2)]);
      await b.appendMany([
        { streamId: 'y', events: [ev(3)], expectedRevision: 'no_stream' },
        { streamId: 'x', events: [ev(4)], expectedRevision: 1 },
      ]);
      // b's append came back to b; wait until it reached a through the live subscription.
      const seen = new Promise<void>((resolve) => {
        const s = a.subscribeToAll((events) => {
          if (events.at(-1)!.globalPosition >= 4) {
            resolve();
            void s.stop();
          }
        });
      });
      await seen;
      const [logA, logB] = [await a.readAll(), await b.readAll()];
      expect(logA).toEqual(logB);
      expect(logA.map((e) => [e.streamId, e.streamRevision, e.globalPosition])).toEqual([
        ['x', 0, 1],
        ['x', 1, 2],
        ['y', 0, 3],
        ['x', 2, 4],
      ]);
      expect(await a.headHash()).toEqual(await b.headHash());
      // A conflict between processes is our ConcurrencyError with the server's actual revision.
      await expect(a.appendToStream('x', [ev(5)], { expectedRevision: 1 })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        actual: 2,
      });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a retry after the store was reopened (beyond any server idempotency window) writes nothing', async () => {
    const namespace = `retry-${randomUUID().slice(0, 8)}`;
    const batch = [{ ...ev(1), eventId: randomUUID() }];
    const first = await EventStoreDbStore.open({ url: serverUrl(), namespace });
    const result = await first.appendToStream('x', batch, { expectedRevision: 'no_stream' });
    await first.close();
    const again = await EventStoreDbStore.open({ url: serverUrl(), namespace });
    try {
      const retry = await again.appendToStream('x', batch, { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ ...result, idempotentReplay: true });
      await expect(again.appendToStream('x', [{ ...batch[0]!, data: { n: 2 } }])).rejects.toMatchObject({
        code: 'EVENT_ID_REUSED',
      });
      expect(await again.headPosition()).toBe(1);
    } finally {
      await again.close();
    }
  });
});

// The same contract with a DuckDB log replica beside the server: what `--store kurrentdb://…`
// opens for the CLI and the API.
const withReplica = async () => ReplicatedStore.open(await fresh(), { replicaPath: ':memory:' });
eventStoreContract(`EventStoreDB (${target}) with a DuckDB replica`, withReplica);
capabilitiesContract(`EventStoreDB (${target}) with a DuckDB replica`, withReplica);
