import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';
import type { NewEvent } from '../events/envelope.ts';
import { checkAgainst, checkpointKeyOf, publicKeyText, takeCheckpoint } from './checkpoints.ts';

const clock = () => new Date('2025-06-01T02:00:00Z');
const event = (i: number, variant = ''): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(8, '0')}${variant ? '2222' : '0000'}`,
  type: 'SomethingHappened',
  data: { i, variant },
  metadata: { actor: 'test', source: 'test' },
  occurredAt: '2025-06-01T09:00:00+07:00',
});
const dir = mkdtempSync(join(tmpdir(), 'cchc-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: LedgerStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
async function storeWith(events: readonly NewEvent[]): Promise<LedgerStore> {
  const store = await openLedgerStore({ url: 'memory:', clock });
  opened.push(store);
  for (const [i, e] of events.entries()) await store.appendToStream(`s-${i % 4}`, [e]);
  return store;
}
const first = (n: number, variant = '') => Array.from({ length: n }, (_, i) => event(i, variant));

describe('signed checkpoints', () => {
  const key = checkpointKeyOf(join(dir, 'data'));

  it('the signing key is made at first use, mode 0600, and the same key afterwards', () => {
    expect(statSync(key.path).mode & 0o777).toBe(0o600);
    expect(publicKeyText(checkpointKeyOf(join(dir, 'data')).publicKey)).toBe(publicKeyText(key.publicKey));
  });

  it('a log that grew extends its earlier checkpoint; a signature changed by a byte does not hold', async () => {
    const store = await storeWith(first(30));
    const checkpoint = await takeCheckpoint(store, key.privateKey);
    expect(checkpoint).toMatchObject({ treeSize: 30, format: 'cchc-checkpoint/1' });
    for (let i = 30; i < 45; i++) await store.appendToStream('s-late', [event(i)]);
    expect(await checkAgainst(store, checkpoint, publicKeyText(key.publicKey))).toMatchObject({
      ok: true,
      headSize: 45,
    });
    const forged = { ...checkpoint, treeSize: 29 };
    expect(await checkAgainst(store, forged)).toMatchObject({ ok: false, reason: 'signature' });
    const stranger = checkpointKeyOf(join(dir, 'someone-else'));
    expect(await checkAgainst(store, checkpoint, publicKeyText(stranger.publicKey))).toMatchObject({
      ok: false,
      reason: 'key_not_trusted',
    });
  });

  it('catches a changed payload, a deleted event and a log rewritten and re-chained after position k', async () => {
    const honest = await storeWith(first(40));
    const checkpoint = await takeCheckpoint(honest, key.privateKey);
    // A payload changed at position 25: the same events otherwise, re-chained from there.
    const changed = await storeWith([...first(24), event(24, 'changed'), ...first(40).slice(25)]);
    expect(await checkAgainst(changed, checkpoint)).toMatchObject({ ok: false, reason: 'not_a_prefix' });
    // An event deleted at position 10: everything after moves down a position.
    const deleted = await storeWith([...first(9), ...first(40).slice(10), event(99)]);
    expect(await checkAgainst(deleted, checkpoint)).toMatchObject({ ok: false, reason: 'not_a_prefix' });
    // Rewritten after position 35 and longer than before: still not the log the checkpoint saw.
    const rewritten = await storeWith([...first(35), ...first(20, 'rewritten')]);
    expect(await checkAgainst(rewritten, checkpoint)).toMatchObject({ ok: false, reason: 'not_a_prefix' });
    // Cut short.
    expect(await checkAgainst(await storeWith(first(39)), checkpoint)).toMatchObject({
      ok: false,
      reason: 'log_shorter',
    });
    // The honest log, grown, still extends it.
    for (let i = 40; i < 50; i++) await honest.appendToStream('s-late', [event(i)]);
    expect(await checkAgainst(honest, checkpoint)).toMatchObject({ ok: true });
  });
});
