import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Checkpoint, checkpointSignatureHolds } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

// Issue 16: a checkpoint with every `cchc rank publish`; `cchc keys signing show|rotate`.
const dir = mkdtempSync(join(tmpdir(), 'cchc-signing-'));
let data = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  data = await simulateDemoYear(dir);
});
const run = async (...args: string[]) => {
  const r = await cli([...args, '--data', data]);
  return r;
};
const kept = (file: string) => JSON.parse(readFileSync(join(data, 'checkpoints', file), 'utf8')) as Checkpoint;

describe('a checkpoint with every cchc rank publish, and the signing key', () => {
  it('publish keeps a signed checkpoint covering the publication and says which; rotate keeps old checkpoints verifiable', {
    timeout: 120_000,
  }, async () => {
    const published = await run('rank', 'publish');
    expect(published.code, published.stderr).toBe(0);
    const position = Number(/vị trí (\d+)\)/.exec(published.stdout)![1]);
    const [, size, file] = /signed checkpoint covering it: cỡ cây \/ tree size (\d+),.*→ checkpoints\/(\S+\.json)/.exec(
      published.stdout,
    )!;
    expect(Number(size)).toBeGreaterThanOrEqual(position);
    expect(published.stdout).toContain('(giờ VN / Vietnam time)');
    const checkpoint = kept(file!);
    expect(checkpoint.treeSize).toBe(Number(size));
    expect(checkpointSignatureHolds(checkpoint)).toBe(true);

    const shown = await run('keys', 'signing', 'show', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const before = JSON.parse(shown.stdout) as { current: string; retired: unknown[] };
    expect(before).toEqual({ current: checkpoint.publicKey, retired: [] });
    expect((await run('checkpoint', '--public-key')).stdout.trim()).toBe(before.current);
    expect((await run('keys', 'signing', 'show')).stdout).toContain(before.current);

    const rotated = await run('keys', 'signing', 'rotate', '--json');
    expect(rotated.code, rotated.stderr).toBe(0);
    const after = JSON.parse(rotated.stdout) as {
      current: string;
      retired: { publicKey: string; retiredAt: string }[];
    };
    expect(after.current).not.toBe(before.current);
    expect(after.retired.map((k) => k.publicKey)).toEqual([before.current]);
    expect(statSync(join(data, 'checkpoint-key.pem')).mode & 0o777).toBe(0o600);
    expect((await run('checkpoint', '--public-key')).stdout.trim()).toBe(after.current);
    const text = (await run('keys', 'signing', 'show')).stdout;
    expect(text).toContain(after.current);
    expect(text).toMatch(/đã thay lúc \/ retired at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(giờ VN \/ Vietnam time\)/);

    // The checkpoint signed before the rotation still verifies against the old key, not the new one.
    const old = join(data, 'checkpoints', file!);
    const good = await run('verify', '--against', old, '--trusted-key', before.current);
    expect(good.code, good.stderr).toBe(0);
    const wrong = await run('verify', '--against', old, '--trusted-key', after.current);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('[key_not_trusted]');

    // A second publication is a new event: a new checkpoint covers it, signed with the new key.
    const again = await run('rank', 'publish');
    expect(again.code, again.stderr).toBe(0);
    const second = /→ checkpoints\/(\S+\.json)/.exec(again.stdout)![1]!;
    expect(second).not.toBe(file);
    expect(kept(second).publicKey).toBe(after.current);
    expect(readdirSync(join(data, 'checkpoints')).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('cchc serve refuses a bad --checkpoint-every before opening anything', async () => {
    const bad = await run('serve', '--checkpoint-every', 'often', '--port', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--checkpoint-every');
  });
});
