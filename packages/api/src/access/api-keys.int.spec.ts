import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ApiKeyStore } from './api-keys.ts';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'cchc-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(path: string, startAt: number, mode: 'create' | 'revoke', arg: string): Promise<string[]> {
  return new Promise((done, fail) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'testing/key-writer-child.ts'), path, String(startAt), mode, arg],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('exit', (code) =>
      code === 0 ? done(out.trim().split('\n')) : fail(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

/** Issue 17, finding 1: key changes from several processes at once, and revocations in a running server. */
describe('the key file across processes', () => {
  it('no creation or revocation is lost when four processes change the file at once', {
    timeout: 120_000,
  }, async () => {
    const path = join(dir, 'concurrent', 'api-keys.json');
    const keys = new ApiKeyStore(path);
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) => keys.create({ role: 'analyst', label: `k${i}` })),
    );
    const ids = first.map((k) => k.record.keyId);
    const startAt = Date.now() + 4_000;
    const [createdA, createdB, revokedA, revokedB] = await Promise.all([
      child(path, startAt, 'create', '25'),
      child(path, startAt, 'create', '25'),
      child(path, startAt, 'revoke', ids.slice(0, 20).join(',')),
      child(path, startAt, 'revoke', ids.slice(20).join(',')),
    ]);
    expect(createdA.length + createdB.length).toBe(50);
    expect(revokedA.length + revokedB.length).toBe(40);
    const after = new ApiKeyStore(path).list();
    expect(after).toHaveLength(90);
    const byId = new Map(after.map((r) => [r.keyId, r]));
    for (const id of ids) expect(byId.get(id)?.revokedAt, `revocation of ${id}`).toBeDefined();
    for (const line of [...createdA, ...createdB]) expect(byId.has(line.split(' ')[1]!)).toBe(true);
    for (const { key } of first) expect(keys.authenticate(key)).toBeUndefined();
  });

  it('a revocation by another process takes effect at the next request of a running server', async () => {
    const path = join(dir, 'revoke-now', 'api-keys.json');
    const server = new ApiKeyStore(path);
    const { key, record } = await server.create({ role: 'office' });
    expect(server.authenticate(key)?.keyId).toBe(record.keyId);
    await new ApiKeyStore(path).revoke(record.keyId);
    expect(server.authenticate(key)).toBeUndefined();
  });

  it('a watching server notices a revocation, and a new key, from the directory notice, not its periodic look', async () => {
    const path = join(dir, 'revoke-watched', 'api-keys.json');
    // Its periodic look every 30 s: what is noticed within the 3 s below came from the notice.
    const server = new ApiKeyStore(path, 30_000);
    const { key, record } = await server.create({ role: 'office' });
    const stop = server.watchForChanges();
    try {
      expect(server.authenticate(key)?.keyId).toBe(record.keyId);
      const revokedAt = performance.now();
      await new ApiKeyStore(path).revoke(record.keyId);
      while (server.authenticate(key) !== undefined) {
        expect(performance.now() - revokedAt, 'refused within 3 s of the revocation').toBeLessThan(3_000);
        await new Promise((r) => setTimeout(r, 5));
      }
      const other = await new ApiKeyStore(path).create({ role: 'analyst' });
      const createdAt = performance.now();
      while (server.authenticate(other.key) === undefined) {
        expect(performance.now() - createdAt, 'accepted within 3 s of its creation').toBeLessThan(3_000);
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      stop();
    }
  });
});

describe('no timing difference between an unknown key id and a wrong secret (finding 2)', () => {
  it('both run the same hash and one constant-time comparison of equal lengths', async () => {
    const keys = new ApiKeyStore(join(dir, 'timing', 'api-keys.json'));
    const { key, record } = await keys.create({ role: 'analyst' });
    const revoked = await keys.create({ role: 'analyst' });
    await keys.revoke(revoked.record.keyId);
    const compare = vi.mocked(crypto.timingSafeEqual);
    const secret = 'A'.repeat(43);
    const cases = {
      unknownId: `cchc_000000000000_${secret}`,
      wrongSecret: `cchc_${record.keyId}_${secret}`,
      revoked: `cchc_${revoked.record.keyId}_${secret}`,
      revokedRealSecret: revoked.key,
    };
    for (const [name, presented] of Object.entries(cases)) {
      compare.mockClear();
      expect(keys.authenticate(presented), name).toBeUndefined();
      expect(compare, name).toHaveBeenCalledTimes(1);
      const [a, b] = compare.mock.calls[0]! as [Buffer, Buffer];
      expect(a.length, name).toBe(32);
      expect(b.length, name).toBe(32);
    }
    compare.mockClear();
    expect(keys.authenticate(key)?.keyId).toBe(record.keyId);
    expect(compare).toHaveBeenCalledTimes(1);
  });
});
