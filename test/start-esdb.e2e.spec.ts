import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EsdbStandIn } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-cli.ts';
import { cli } from './support/run-cli-in-process.ts';

// `cchc start --store kurrentdb://…` as a user runs it, in its own process: the demo year decided
// onto EventStoreDB (the stand-in of this test process, or EVENTSTORE_URL), the read models on a
// replica in the data directory, the API served from it.
const dir = mkdtempSync(join(tmpdir(), 'cchc-start-esdb-'));
const external = process.env.EVENTSTORE_URL;
let standIn: EsdbStandIn | undefined;
const namespace = `start-${process.pid}-${Date.now()}`;
const storeUrl = () => {
  const url = external ?? standIn!.url;
  return `${url}${url.includes('?') ? '&' : '?'}cchcNamespace=${namespace}`;
};

beforeAll(async () => {
  if (!external) standIn = await EsdbStandIn.start();
});
afterAll(async () => {
  await standIn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(pattern: RegExp, output: () => string, timeoutMs = 240_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the main job on EventStoreDB', () => {
  it('start simulates onto the server, ranks and serves from the replica; rank, export and verify agree', {
    timeout: 360_000,
  }, async () => {
    const data = join(dir, 'data');
    const child = spawn(
      process.execPath,
      [
        resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
        resolve(repoRoot, 'packages/cli/src/bin.ts'),
        'start',
        '--port',
        '0',
        '--log-level',
        'warn',
        '--data',
        data,
      ],
      { cwd: repoRoot, env: { ...process.env, INIT_CWD: repoRoot, CCHC_STORE: storeUrl() } },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const [, url] = await waitFor(/▶ API: (http:\/\/127\.0\.0\.1:\d+)\/v1/, () => out);
      const analyst = (await waitFor(/analyst (cchc_[a-f0-9]{12}_[A-Za-z0-9_-]{43})/, () => out))[1]!;
      expect(out).toContain('Xếp hạng CCHC / ranking');
      expect(out).toContain('Chuỗi băm nguyên vẹn');
      expect(existsSync(join(data, 'events.duckdb'))).toBe(false);
      expect(existsSync(join(data, 'replica.duckdb'))).toBe(true);
      const res = await fetch(`${url}/v1/rankings/2025`, { headers: { authorization: `Bearer ${analyst}` } });
      expect(res.status).toBe(200);
      const served = (await res.json()) as { rows: { unitId: string; score: number | null }[]; inputsHash: string };
      expect(served.rows.length).toBeGreaterThanOrEqual(10);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const ranked = await cli(['rank', '--json', '--year', '2025', '--data', data, '--store', storeUrl()]);
      expect(ranked.code, ranked.stderr).toBe(0);
      const ranking = JSON.parse(ranked.stdout) as {
        rows: { unitId: string; score: number | null }[];
        inputsHash: string;
      };
      expect(ranking.inputsHash).toBe(served.inputsHash);
      expect(ranking.rows.map((r) => [r.unitId, r.score])).toEqual(served.rows.map((r) => [r.unitId, r.score]));

      const csv = join(dir, 'csv');
      const exported = await cli([
        'export',
        'csv',
        '--only',
        'ranking',
        '--out',
        csv,
        '--data',
        data,
        '--store',
        storeUrl(),
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(readdirSync(csv).some((f) => f.startsWith('ranking'))).toBe(true);
      expect((await cli(['verify', '--data', data, '--store', storeUrl()])).code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
