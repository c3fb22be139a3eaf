import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore } from '@cchc/core';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChild } from './support/crash-kit.ts';
import { rankJson, simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

const root = mkdtempSync(join(tmpdir(), 'cchc-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function key(data: string, role: string): Promise<string> {
  const run = await cli(['keys', 'create', '--role', role, '--data', data]);
  expect(run.code, run.stderr).toBe(0);
  return /cchc_[a-f0-9]{12}_[A-Za-z0-9_-]{43}/.exec(run.stdout)![0];
}

/** Issue 17: backup while serving (and writing), restore with the server stopped; verify and rankings identical. */
describe('cchc backup / cchc restore', () => {
  it('a backup taken while the server serves and writes is a verified prefix; restored, it ranks as served', {
    timeout: 240_000,
  }, async () => {
    mkdirSync(join(root, 'live'), { recursive: true });
    const data = await simulateDemoYear(join(root, 'live'));
    const office = await key(data, 'office');
    const server = spawnChild(['serve', '--port', '0', '--log-level', 'warn', '--data', data], { cli: true });
    try {
      const [, url] = await server.waitFor(/▶ API: (http:\/\/127\.0\.0\.1:\d+)\/v1/, 90_000);
      const auth = { authorization: `Bearer ${office}`, 'content-type': 'application/json' };
      let writing = true;
      const acknowledged: { eventId: string; globalPosition: number }[] = [];
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const res = await fetch(`${url}/v1/tasks/II.3/progress`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              unitId: 'vp-dkdd',
              percent: 20 + (i % 50),
              at: '2025-11-20T09:00:00+07:00',
              entry: { kind: 'late', reason: 'tải thử / load test' },
            }),
          });
          expect(res.status).toBe(201);
          acknowledged.push(
            ...((await res.json()) as { events: { eventId: string; globalPosition: number }[] }).events,
          );
        }
      })();
      await new Promise((r) => setTimeout(r, 500));
      const during = join(root, 'during');
      const first = await cli(['backup', '--out', during, '--data', data]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('made by the running server');
      await new Promise((r) => setTimeout(r, 300));
      writing = false;
      await writer;
      expect(acknowledged.length).toBeGreaterThan(5);

      // Writes stopped: a second backup, and the ranking the server serves now.
      const after = join(root, 'after');
      expect((await cli(['backup', '--out', after, '--data', data])).code).toBe(0);
      const served = (await (await fetch(`${url}/v1/rankings/2025`, { headers: auth })).json()) as {
        inputsHash: string;
        position: number;
      };
      // Refusals: a non-empty target; a restore while the server holds the store.
      writeFileSync(join(root, 'full.txt'), 'x');
      expect((await cli(['backup', '--out', root, '--data', data])).code).toBe(2);
      expect((await cli(['restore', after, '--data', data])).code).toBe(6);

      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      // The backup taken during the writes: a prefix of the log, equal event by event, chain verified.
      const restoredDuring = join(root, 'restored-during');
      const r1 = await cli(['restore', during, '--data', restoredDuring]);
      expect(r1.code, r1.stderr).toBe(0);
      expect((await cli(['verify', '--data', restoredDuring])).code).toBe(0);
      const original = await openLedgerStore({ url: join(data, 'events.duckdb'), readOnly: true });
      const copy = await openLedgerStore({ url: join(restoredDuring, 'events.duckdb'), readOnly: true });
      try {
        const copyHead = await copy.headPosition();
        expect(copyHead).toBeGreaterThan(534);
        expect(copyHead).toBeLessThan(await original.headPosition());
        const a = await original.readAll({ limit: copyHead });
        const b = await copy.readAll({ limit: 1_000_000 });
        expect(b.map((e) => e.hash)).toEqual(a.map((e) => e.hash));
      } finally {
        await original.close();
        await copy.close();
      }

      // The backup taken after: restored over the original directory, the same ranking as served.
      const r2 = await cli(['restore', after, '--data', data]);
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stdout).toContain('kept the previous file');
      expect((await cli(['verify', '--data', data])).code).toBe(0);
      const ranked = await rankJson(data);
      expect(ranked.position).toBe(served.position);
      expect(ranked.inputsHash).toBe(served.inputsHash);
      // The keys came back too: the office key still works against a restored directory's key file.
      expect((await cli(['keys', 'list', '--data', data])).stdout).toContain(/cchc_([a-f0-9]{12})_/.exec(office)![1]!);
    } finally {
      await server.kill();
    }
  });

  it('an unfinished or altered backup is refused, and nothing is replaced', async () => {
    mkdirSync(join(root, 'src2'), { recursive: true });
    const data = await simulateDemoYear(join(root, 'src2'));
    const out = join(root, 'b2');
    expect((await cli(['backup', '--out', out, '--data', data])).code).toBe(0);
    rmSync(join(out, 'manifest.json'));
    const target = join(root, 'target2');
    const refused = await cli(['restore', out, '--data', target]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unfinished backup');
  });
});
