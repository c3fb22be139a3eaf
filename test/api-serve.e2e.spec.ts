import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-cli.ts';
import { cli } from './support/run-cli-in-process.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `cchc start` as a user runs it: a separate process that serves until it gets a signal. */
function startMainJob(data: string): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
} {
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
    {
      cwd: repoRoot,
      env: { ...process.env, INIT_CWD: repoRoot },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => out, exited };
}

async function waitFor(pattern: RegExp, output: () => string, timeoutMs = 90_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the main job serves the API on a real port', () => {
  it('prints the ranking, the first keys and the address; answers over HTTP; stops cleanly on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'cchc-serve-'));
    dirs.push(data);
    const job = startMainJob(data);
    try {
      const [, url] = await waitFor(/▶ API: (http:\/\/127\.0\.0\.1:\d+)\/v1/, job.output);
      const analyst = (await waitFor(/analyst (cchc_[a-f0-9]{12}_[A-Za-z0-9_-]{43})/, job.output))[1]!;
      expect(job.output()).toContain('Xếp hạng CCHC / ranking');

      const auth = { authorization: `Bearer ${analyst}` };
      const ranking = await fetch(`${url}/v1/rankings/2025`, { headers: auth });
      expect(ranking.status).toBe(200);
      const body = (await ranking.json()) as { rows: { unitId: string; rank: number | null }[]; inputsHash: string };
      expect(body.rows.length).toBeGreaterThanOrEqual(10);
      const etag = ranking.headers.get('etag')!;
      expect((await fetch(`${url}/v1/rankings/2025`, { headers: { ...auth, 'if-none-match': etag } })).status).toBe(
        304,
      );
      expect((await fetch(`${url}/v1/rankings/2025`)).status).toBe(401);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/docs/json`)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text()).toContain('cchc_http_request_duration_seconds');

      // A key created, then revoked, with the CLI while serving is in force within moments: the
      // server watches the key file's directory instead of a stat before every request.
      const created = await cli(['keys', 'create', '--role', 'analyst', '--label', 'e2e', '--data', data]);
      const newKey = /(cchc_([a-f0-9]{12})_[A-Za-z0-9_-]{43})/.exec(created.stdout)!;
      const statusWith = async (key: string) =>
        (await fetch(`${url}/v1/rankings/2025`, { headers: { authorization: `Bearer ${key}` } })).status;
      const within = async (ms: number, wanted: number, key: string) => {
        const until = performance.now() + ms;
        while ((await statusWith(key)) !== wanted) {
          expect(performance.now(), `answered ${wanted} within ${ms} ms`).toBeLessThan(until);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await within(2_000, 200, newKey[1]!);
      expect((await cli(['keys', 'revoke', newKey[2]!, '--data', data])).code).toBe(0);
      await within(2_000, 401, newKey[1]!);

      // The CLI's ranking of the same data (after the server is gone) is the one the API served.
      const inFlight = fetch(`${url}/v1/plans/cchc-2025/tasks?limit=1000`, { headers: auth });
      await new Promise((r) => setTimeout(r, 5));
      job.child.kill('SIGTERM');
      expect((await inFlight).status).toBe(200);
      expect(await job.exited).toBe(0);
      expect(job.output()).toContain('stopped, the event store is closed');

      const ranked = await cli(['rank', '--json', '--data', data]);
      expect(ranked.code, ranked.stderr).toBe(0);
      expect((JSON.parse(ranked.stdout) as { rows: { unitId: string }[] }).rows.map((r) => r.unitId)).toEqual(
        body.rows.map((r) => r.unitId),
      );
      expect((await cli(['verify', '--data', data])).code).toBe(0);
    } finally {
      if (job.child.exitCode === null) job.child.kill('SIGKILL');
    }
  });

  it('cchc keys create/list/revoke work on the data directory', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cchc-keys-'));
    dirs.push(data);
    // A reporter key acts for a unit the ledger knows.
    const plan = join(data, 'plan.json');
    expect((await cli(['plan', 'import', SEED_PLAN_PATH, '--out', plan])).code).toBe(0);
    const applied = await cli(['plan', 'apply', plan, '--backfill', 'kế hoạch 2025 / the 2025 plan', '--data', data]);
    expect(applied.code, applied.stderr).toBe(0);
    const unknownUnit = await cli(['keys', 'create', '--role', 'reporter', '--unit', 'khong-co', '--data', data]);
    expect(unknownUnit.code).toBe(9);
    expect(unknownUnit.stderr).toContain('no unit khong-co in the ledger');
    const created = await cli([
      'keys',
      'create',
      '--role',
      'reporter',
      '--unit',
      'vp-dkdd',
      '--label',
      'bà Lan',
      '--data',
      data,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const keyId = /cchc_([a-f0-9]{12})_/.exec(created.stdout)![1]!;
    expect((await cli(['keys', 'list', '--data', data])).stdout).toContain(keyId);
    expect((await cli(['keys', 'create', '--role', 'reporter', '--data', data])).code).toBe(2);
    expect((await cli(['keys', 'create', '--role', 'boss', '--data', data])).code).toBe(2);
    expect((await cli(['keys', 'revoke', keyId, '--data', data])).stdout).toContain('key revoked');
    expect((await cli(['keys', 'revoke', 'ffffffffffff', '--data', data])).code).toBe(9);
  });
});
