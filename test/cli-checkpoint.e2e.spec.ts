import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliOnTheDay } from './support/run-cli-in-process.ts';

// Issue 16: a signed checkpoint kept outside the system, and `cchc verify --against` it.
const dir = mkdtempSync(join(tmpdir(), 'cchc-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plan = join(dir, 'plan.json');
const apply = (data: string, at: string) =>
  cliOnTheDay(['plan', 'apply', plan, '--at', at, '--data', data]).then((r) => expect(r.code, r.stderr).toBe(0));
const progress = (data: string, percent: number) =>
  cli(['task', 'progress', 'II.1', '--unit', 'vp-so', '--percent', String(percent), '--data', data]).then((r) =>
    expect(r.code, r.stderr).toBe(0),
  );

beforeAll(async () => {
  const text = join(dir, 'plan.txt');
  writeFileSync(text, readFileSync(SEED_PLAN_PATH, 'utf8').replaceAll('2025', '2026'));
  expect((await cli(['plan', 'import', text, '--out', plan])).code).toBe(0);
});

describe('cchc checkpoint and cchc verify --against', () => {
  it('a checkpoint kept outside is extended by the log as it grows; a forged one, another log’s, or an untrusted key is exit 3', async () => {
    const data = join(dir, 'a');
    await apply(data, '2026-01-20T08:00:00+07:00');
    const kept = join(dir, 'kept.json');
    const taken = await cli(['checkpoint', '--out', kept, '--data', data]);
    expect(taken.code, taken.stderr).toBe(0);
    expect(statSync(join(data, 'checkpoint-key.pem')).mode & 0o777).toBe(0o600);
    const publicKey = (await cli(['checkpoint', '--public-key', '--data', data])).stdout.trim();
    expect(JSON.parse(readFileSync(kept, 'utf8')).publicKey).toBe(publicKey);

    await progress(data, 30);
    await progress(data, 60);
    const good = await cli(['verify', '--against', kept, '--trusted-key', publicKey, '--data', data]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/the log now \(\d+ events\) extends the checkpoint of size 51/);

    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...JSON.parse(readFileSync(kept, 'utf8')), treeSize: 50 }));
    const bad = await cli(['verify', '--against', forged, '--data', data]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('[signature]');

    // Another ledger of the same plan, applied at another instant: a valid chain, not the kept log.
    const other = join(dir, 'b');
    await apply(other, '2026-01-21T08:00:00+07:00');
    await progress(other, 10);
    const elsewhere = await cli(['verify', '--against', kept, '--data', other]);
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toContain('[not_a_prefix]');
    const stranger = (await cli(['checkpoint', '--public-key', '--data', other])).stdout.trim();
    const untrusted = await cli(['verify', '--against', kept, '--trusted-key', stranger, '--data', data]);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toContain('[key_not_trusted]');
  });
});
