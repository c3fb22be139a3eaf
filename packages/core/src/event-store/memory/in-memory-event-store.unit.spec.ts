import { describe, expect, it } from 'vitest';
import { capabilitiesContract } from '../capabilities-contract.ts';
import { eventStoreContract } from '../event-store-contract.ts';
import { openLedgerStore } from '../open-ledger-store.ts';
import { InMemoryEventStore } from './in-memory-event-store.ts';

eventStoreContract('in memory', async () => new InMemoryEventStore());
capabilitiesContract('in memory', async () => new InMemoryEventStore());

describe('in-memory store', () => {
  it('is what `memory:` opens, with no embedded DuckDB', async () => {
    const store = await openLedgerStore({ url: 'memory:' });
    expect(store.kind).toBe('memory');
    expect(store.capabilities.embeddedLog).toBeUndefined();
    await store.close();
  });

  it('hands out copies: changing what was appended or read changes nothing stored', async () => {
    const store = new InMemoryEventStore();
    const data = { list: [1, 2] };
    await store.appendToStream('a', [
      { type: 'SomethingHappened', data, metadata: { actor: 't', source: 'test' }, occurredAt: '2025-01-01' },
    ]);
    data.list.push(3);
    const [read] = await store.readStream('a');
    (read!.data as { list: number[] }).list.push(4);
    expect((await store.readStream('a'))[0]!.data).toEqual({ list: [1, 2] });
    expect((await store.capabilities.chainVerifier!.verifyChain()).ok).toBe(true);
  });

  it('keeps recordedAt from running backwards when the clock does', async () => {
    let now = Date.parse('2025-05-01T00:00:00Z');
    const store = new InMemoryEventStore({ clock: () => new Date(now) });
    const ev = {
      type: 'SomethingHappened',
      data: {},
      metadata: { actor: 't', source: 'test' },
      occurredAt: '2025-01-01',
    } as const;
    await store.appendToStream('a', [ev]);
    now -= 60_000;
    await store.appendToStream('a', [ev]);
    const log = await store.readAll();
    expect(log[1]!.recordedAt).toBe(log[0]!.recordedAt);
  });
});
