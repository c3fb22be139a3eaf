import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';
import type { NewEvent } from '../events/envelope.ts';
import { checkAgainst, checkpointKeyOf, takeCheckpoint } from './checkpoints.ts';
import { loadKeptTree } from './kept-tree-file.ts';
import { keepLogTreeAt, logTreeOf } from './log-tree.ts';
import { MerkleTree } from './merkle-tree.ts';

const clock = () => new Date('2025-06-01T02:00:00Z');
const event = (i: number, variant = ''): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(8, '0')}${variant ? '3333' : '0000'}`,
  type: 'SomethingHappened',
  data: { i, variant },
  metadata: { actor: 'test', source: 'test' },
  occurredAt: '2025-06-01T09:00:00+07:00',
});
const dir = mkdtempSync(join(tmpdir(), 'cchc-kept-tree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: LedgerStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
async function storeWith(count: number, variant = ''): Promise<LedgerStore> {
  const store = await openLedgerStore({ url: 'memory:', clock });
  opened.push(store);
  for (let i = 0; i < count; i++) await store.appendToStream(`s-${i % 3}`, [event(i, variant)]);
  return store;
}
/** The root a tree built from the log alone has (no kept file). */
const freshRoot = async (count: number, variant = '') => (await logTreeOf(await storeWith(count, variant))).root();

/**
 * A kept file whose checksum is right but with one node changed: in the tree of 13 entries the root
 * is node(level 3 #0, node(level 2 #2, leaf 12)), so changing level 2 #2 shows in the root.
 */
function forgeLevelTwoNode(file: string): void {
  const bytes = Buffer.from(readFileSync(file));
  const offset = 16 + 32 * (13 + 6 + 2);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0xff;
  const body = bytes.subarray(0, bytes.length - 32);
  writeFileSync(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
}

describe('the Merkle tree kept on disk between processes', () => {
  it('round-trips through its bytes at every size, and refuses a byte changed anywhere', () => {
    for (const n of [0, 1, 2, 3, 7, 8, 9, 33]) {
      const tree = new MerkleTree();
      for (let i = 0; i < n; i++) tree.append(String(i).padStart(64, '0'));
      const back = MerkleTree.fromBytes(tree.toBytes());
      expect(back.size).toBe(n);
      expect(back.root().equals(tree.root())).toBe(true);
      if (n > 1) expect(back.inclusionProof(n - 1)).toEqual(tree.inclusionProof(n - 1));
      const damaged = Buffer.from(tree.toBytes());
      damaged[damaged.length - 40] = (damaged[damaged.length - 40] ?? 0) ^ 1;
      expect(() => MerkleTree.fromBytes(damaged)).toThrow();
    }
    expect(() => MerkleTree.fromBytes(Buffer.from('not a tree at all, not at all'))).toThrow(/not a Merkle tree/);
  });

  it('a second process reads the kept tree and extends it with what was appended since', async () => {
    const file = join(dir, 'grows', 'merkle-tree.bin');
    const first = await storeWith(20);
    keepLogTreeAt(first, file, { saveEvery: 1 });
    expect((await logTreeOf(first)).size).toBe(20);
    expect(loadKeptTree(file)?.size).toBe(20);

    const later = await storeWith(27);
    keepLogTreeAt(later, file, { saveEvery: 1 });
    const tree = await logTreeOf(later);
    expect(tree.size).toBe(27);
    expect(tree.root().equals(await freshRoot(27))).toBe(true);
    expect(loadKeptTree(file)?.size).toBe(27);
  });

  it('is used when it matches the log: a forged inner node shows in its roots, but checkAgainst builds from the log', async () => {
    const file = join(dir, 'forged', 'merkle-tree.bin');
    const honest = await storeWith(13);
    keepLogTreeAt(honest, file, { saveEvery: 1 });
    await logTreeOf(honest);
    const key = checkpointKeyOf(join(dir, 'key'));
    const checkpoint = await takeCheckpoint(honest, key.privateKey);
    forgeLevelTwoNode(file);

    const reader = await storeWith(13);
    keepLogTreeAt(reader, file, { saveEvery: 1 });
    const cached = await logTreeOf(reader);
    expect(cached.root().toString('hex')).not.toBe(checkpoint.root);
    expect((await logTreeOf(reader, { fromLog: true })).root().toString('hex')).toBe(checkpoint.root);
    expect(await checkAgainst(reader, checkpoint)).toMatchObject({ ok: true, headSize: 13 });
  });

  it('is refused when damaged, when the log at its size holds another event, or when the log is shorter', async () => {
    const file = join(dir, 'refused', 'merkle-tree.bin');
    const writer = await storeWith(12);
    keepLogTreeAt(writer, file, { saveEvery: 1 });
    await logTreeOf(writer);

    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged[20] = (damaged[20] ?? 0) ^ 1;
    writeFileSync(file, damaged);
    const afterDamage = await storeWith(12);
    keepLogTreeAt(afterDamage, file, { saveEvery: 1_000 });
    expect((await logTreeOf(afterDamage)).root().equals(await freshRoot(12))).toBe(true);

    writeFileSync(file, bytes);
    const rewritten = await storeWith(12, 'other');
    keepLogTreeAt(rewritten, file, { saveEvery: 1_000 });
    expect((await logTreeOf(rewritten)).root().equals(await freshRoot(12, 'other'))).toBe(true);

    const shorter = await storeWith(9);
    keepLogTreeAt(shorter, file, { saveEvery: 1_000 });
    const tree = await logTreeOf(shorter);
    expect(tree.size).toBe(9);
    expect(tree.root().equals(await freshRoot(9))).toBe(true);
  });

  it('a file that cannot be written is not an error: the tree is still answered', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const store = await storeWith(5);
    keepLogTreeAt(store, join(blocker, 'under-a-file', 'merkle-tree.bin'), { saveEvery: 1 });
    expect((await logTreeOf(store)).root().equals(await freshRoot(5))).toBe(true);
  });
});
