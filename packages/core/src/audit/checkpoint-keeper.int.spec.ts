import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';
import type { NewEvent } from '../events/envelope.ts';
import { CheckpointKeeper, checkpointDirOf, scheduleCheckpoints } from './checkpoint-keeper.ts';
import { checkAgainst, checkpointSignatureHolds } from './checkpoints.ts';
import { knownPublicKeys, rotateSigningKey, signingKeysOf } from './signing-keys.ts';

const event = (i: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'SomethingHappened',
  data: { i },
  metadata: { actor: 'test', source: 'test' },
  occurredAt: '2025-06-01T09:00:00+07:00',
});
const dir = mkdtempSync(join(tmpdir(), 'cchc-keeper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: LedgerStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
let next = 0;
async function append(store: LedgerStore, n: number): Promise<void> {
  for (let k = 0; k < n; k++) await store.appendToStream('s', [event(next++)]);
}
async function freshStore(n: number): Promise<LedgerStore> {
  const store = await openLedgerStore({ url: 'memory:' });
  opened.push(store);
  next = 0;
  await append(store, n);
  return store;
}
const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('kept checkpoints', () => {
  it('a publication at position p finds the smallest kept tree that holds it; one is taken when none does', async () => {
    const data = join(dir, 'covering');
    const store = await freshStore(10);
    const keeper = new CheckpointKeeper(data, store);
    expect(keeper.list()).toEqual([]);
    const first = await keeper.ensureCovering(10);
    expect(first).toMatchObject({ taken: true, checkpoint: { treeSize: 10 } });
    expect(await keeper.ensureCovering(7)).toMatchObject({ taken: false, file: first.file });
    await append(store, 5);
    const second = await keeper.ensureCovering(15);
    expect(second).toMatchObject({ taken: true, checkpoint: { treeSize: 15 } });
    expect(keeper.covering(12)?.file).toBe(second.file);
    expect(keeper.covering(16)).toBeUndefined();
    expect(keeper.latest()?.file).toBe(second.file);
    // Kept as files another keeper (another process) reads, each signed and consistent with the log.
    const again = new CheckpointKeeper(data, store).list();
    expect(again.map((k) => k.checkpoint.treeSize)).toEqual([10, 15]);
    for (const k of again) expect(await checkAgainst(store, k.checkpoint)).toMatchObject({ ok: true });
  });

  it('a kept file whose signature does not hold, or that is not a checkpoint, is not listed', async () => {
    const data = join(dir, 'forged');
    const store = await freshStore(4);
    const keeper = new CheckpointKeeper(data, store);
    const kept = await keeper.take();
    const forged = { ...kept.checkpoint, treeSize: 3 };
    expect(checkpointSignatureHolds(forged)).toBe(false);
    writeFileSync(join(checkpointDirOf(data), 'checkpoint-3-forged.json'), JSON.stringify(forged));
    writeFileSync(join(checkpointDirOf(data), 'notes.json'), '{"hello": 1}');
    expect(new CheckpointKeeper(data, store).list().map((k) => k.file)).toEqual([kept.file]);
    expect(new CheckpointKeeper(data, store).covering(3)?.file).toBe(kept.file);
  });

  it('the schedule takes one only when the log grew, off the caller, and stops cleanly', async () => {
    const data = join(dir, 'schedule');
    const store = await freshStore(3);
    const keeper = new CheckpointKeeper(data, store);
    const taken: number[] = [];
    const schedule = scheduleCheckpoints(keeper, 20, { onTaken: (k) => taken.push(k.checkpoint.treeSize) });
    await until(() => taken.length === 1);
    // Ten more intervals with no new event: nothing more.
    await new Promise((r) => setTimeout(r, 200));
    expect(taken).toEqual([3]);
    await append(store, 2);
    await until(() => taken.length === 2);
    await schedule.stop();
    await append(store, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toEqual([3, 5]);
    expect(readdirSync(checkpointDirOf(data))).toHaveLength(2);
  });
});

describe('the signing key', () => {
  it('rotates: the new private key is mode 0600, the old public key stays listed and its checkpoints still verify', async () => {
    const data = join(dir, 'rotate');
    const store = await freshStore(6);
    const keeper = new CheckpointKeeper(data, store);
    const old = await keeper.take();
    const before = signingKeysOf(data);
    expect(old.checkpoint.publicKey).toBe(before.current);
    expect(before.retired).toEqual([]);
    const pemBefore = readFileSync(before.path, 'utf8');

    const after = rotateSigningKey(data, new Date('2025-07-01T03:00:00Z'));
    expect(statSync(after.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(after.path, 'utf8')).not.toBe(pemBefore);
    expect(after.current).not.toBe(before.current);
    expect(after.retired).toEqual([{ publicKey: before.current, retiredAt: '2025-07-01T03:00:00.000Z' }]);
    expect(knownPublicKeys(after)).toEqual([after.current, before.current]);
    // The old private key is gone from the directory: only its public key is kept.
    expect(readdirSync(data).filter((f) => f.endsWith('.pem'))).toEqual(['checkpoint-key.pem']);

    await append(store, 1);
    const fresh = await keeper.take();
    expect(fresh.checkpoint.publicKey).toBe(after.current);
    expect(await checkAgainst(store, old.checkpoint, before.current)).toMatchObject({ ok: true });
    expect(await checkAgainst(store, fresh.checkpoint, after.current)).toMatchObject({ ok: true });
    expect(await checkAgainst(store, old.checkpoint, after.current)).toMatchObject({ reason: 'key_not_trusted' });
    expect(rotateSigningKey(data).retired.map((k) => k.publicKey)).toEqual([before.current, after.current]);
  });
});
