import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';
import type { NewEvent } from '../events/envelope.ts';
import { proveConsistency, proveInclusion } from './log-proofs.ts';
import { verifyConsistency, verifyInclusion } from './merkle-proofs.ts';

const clock = () => new Date('2025-06-01T02:00:00Z');
const idOf = (i: number, variant = '') =>
  `00000000-0000-4000-8000-${String(i).padStart(8, '0')}${variant ? '1111' : '0000'}`;
const event = (i: number, variant = ''): NewEvent => ({
  eventId: idOf(i, variant),
  type: 'SomethingHappened',
  data: { i, variant },
  metadata: { actor: 'test', source: 'test' },
  occurredAt: '2025-06-01T09:00:00+07:00',
});
const hex = (s: string) => Buffer.from(s, 'hex');
const opened: LedgerStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
async function storeWith(url: string, events: readonly NewEvent[]): Promise<LedgerStore> {
  const store = await openLedgerStore({ url, clock });
  opened.push(store);
  for (const [i, e] of events.entries()) await store.appendToStream(`s-${i % 3}`, [e]);
  return store;
}

describe.each([
  ['in-memory', 'memory:'],
  ['DuckDB (memory)', 'duckdb::memory:'],
])('proofs over the log, %s store', (_name, url) => {
  it('proves an event’s inclusion by id or by position, at the head or an earlier size; the proof checks from the hashes alone', async () => {
    const store = await storeWith(
      url,
      Array.from({ length: 37 }, (_, i) => event(i)),
    );
    const byId = await proveInclusion(store, idOf(20));
    expect(byId).toMatchObject({ globalPosition: 21, leafIndex: 20, treeSize: 37 });
    expect(verifyInclusion(byId.entry, byId.leafIndex, byId.treeSize, byId.proof.map(hex), hex(byId.root))).toBe(true);
    const earlier = await proveInclusion(store, '21', 25);
    expect(earlier.treeSize).toBe(25);
    expect(verifyInclusion(earlier.entry, 20, 25, earlier.proof.map(hex), hex(earlier.root))).toBe(true);
    expect(verifyInclusion(earlier.entry, 20, 25, earlier.proof.map(hex), hex(byId.root))).toBe(false);
    await expect(proveInclusion(store, '21', 20)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(proveInclusion(store, '99')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the tree follows the log: a checkpoint taken earlier is proved a prefix of the log as it grows', async () => {
    const store = await storeWith(
      url,
      Array.from({ length: 10 }, (_, i) => event(i)),
    );
    const kept = await proveConsistency(store, 10);
    for (let i = 10; i < 23; i++) await store.appendToStream('s-late', [event(i)]);
    const proof = await proveConsistency(store, 10);
    expect(proof).toMatchObject({ fromSize: 10, toSize: 23, fromRoot: kept.toRoot });
    expect(verifyConsistency(10, 23, proof.proof.map(hex), hex(kept.toRoot), hex(proof.toRoot))).toBe(true);
  });

  it('a log rewritten and re-chained after position k fails the consistency proof from a checkpoint kept after k', async () => {
    const honest = await storeWith(
      url,
      Array.from({ length: 20 }, (_, i) => event(i)),
    );
    const checkpoint = await proveConsistency(honest, 15); // the root an inspector kept at size 15
    // Same first 12 events, then others: a valid chain, but not the log the checkpoint saw.
    const rewritten = await storeWith(url, [
      ...Array.from({ length: 12 }, (_, i) => event(i)),
      ...Array.from({ length: 10 }, (_, i) => event(12 + i, 'forged')),
    ]);
    const claimed = await proveConsistency(rewritten, 15);
    expect(claimed.fromRoot).not.toBe(checkpoint.fromRoot);
    expect(
      verifyConsistency(15, claimed.toSize, claimed.proof.map(hex), hex(checkpoint.toRoot), hex(claimed.toRoot)),
    ).toBe(false);
    // Before the rewrite point the two logs agree: a checkpoint at 12 extends into both.
    const early = await proveConsistency(honest, 12, 12);
    const into = await proveConsistency(rewritten, 12);
    expect(verifyConsistency(12, into.toSize, into.proof.map(hex), hex(early.toRoot), hex(into.toRoot))).toBe(true);
  });
});
