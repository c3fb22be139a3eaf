import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, startServer } from '@cchc/api';
import { EsdbStandIn } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RankJson, rankJson, simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

// The demo year moved onto EventStoreDB (the protocol-level stand-in, or EVENTSTORE_URL) and back:
// every command on `--store`, the read models on a DuckDB replica in the data directory.
const dir = mkdtempSync(join(tmpdir(), 'cchc-esdb-'));
const external = process.env.EVENTSTORE_URL;
let standIn: EsdbStandIn | undefined;
let embedded = '';
let baseline: RankJson;
const namespace = `e2e-${process.pid}-${Date.now()}`;
const esdbUrl = () => {
  const url = external ?? standIn!.url;
  return `${url}${url.includes('?') ? '&' : '?'}cchcNamespace=${namespace}`;
};

beforeAll(async () => {
  if (!external) standIn = await EsdbStandIn.start();
  embedded = await simulateDemoYear(dir);
  baseline = await rankJson(embedded, '--year', '2025');
}, 300_000);
afterAll(async () => {
  await standIn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const onEsdb = (data: string, ...args: string[]) => cli([...args, '--data', data, '--store', esdbUrl()]);

describe('the ledger on EventStoreDB', () => {
  it('store copy moves the embedded log onto the server; rank, explain and verify on it give the same answers', {
    timeout: 300_000,
  }, async () => {
    const copied = await cli(['store', 'copy', '--from', join(embedded, 'events.duckdb'), '--to', esdbUrl()]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(new RegExp(`đầu nhật ký ở vị trí ${baseline.position}`));
    const again = await cli(['store', 'copy', '--from', join(embedded, 'events.duckdb'), '--to', esdbUrl()]);
    expect(again.stdout).toMatch(/Đã chép 0 sự kiện/);

    const replicaData = join(dir, 'replica-a');
    const r = await onEsdb(replicaData, 'rank', '--json', '--year', '2025');
    expect(r.code, r.stderr).toBe(0);
    const ranking = JSON.parse(r.stdout) as RankJson;
    expect(ranking).toEqual(baseline);

    const unit = baseline.rows[0]!.unitId;
    const [local, remote] = [
      await cli(['explain', unit, '--json', '--data', embedded]),
      await onEsdb(replicaData, 'explain', unit, '--json'),
    ];
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toEqual(JSON.parse(local.stdout));

    const verified = await onEsdb(replicaData, 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    const localVerify = await cli(['verify', '--data', embedded]);
    const headHash = (text: string) => /băm ([0-9a-f]{64})/.exec(text)?.[1];
    expect(headHash(verified.stdout)).toBe(headHash(localVerify.stdout));
  });

  it('round trip back to an embedded store gives identical rankings and inputs hashes', {
    timeout: 300_000,
  }, async () => {
    const back = join(dir, 'back');
    const copied = await cli(['store', 'copy', '--from', esdbUrl(), '--to', join(back, 'events.duckdb')]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(await rankJson(back, '--year', '2025')).toEqual(baseline);
    const june = ['--year', '2025', '--as-of', '2025-06-30T23:59:59+07:00'];
    expect(await rankJson(back, ...june)).toEqual(await rankJson(embedded, ...june));
  });

  it('rank publish and rank verify work on the server', { timeout: 300_000 }, async () => {
    const data = join(dir, 'replica-b');
    const published = await onEsdb(data, 'rank', 'publish', '--year', '2025');
    expect(published.code, published.stderr).toBe(0);
    const eventId = /sự kiện ([0-9a-f-]{36})/.exec(published.stdout)![1]!;
    const verified = await onEsdb(data, 'rank', 'verify', eventId);
    expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
  });

  it('two API servers on the same store, each with its own replica, serve the same rankings', {
    timeout: 300_000,
  }, async () => {
    const keys = new ApiKeyStore(join(dir, 'api-keys.json'));
    const { key } = await keys.create({ role: 'analyst' });
    const servers = await Promise.all(
      ['serve-1', 'serve-2'].map((name) =>
        startServer({
          storePath: esdbUrl(),
          replicaPath: join(dir, name, 'replica.duckdb'),
          keys,
          port: 0,
          logLevel: 'silent',
        }),
      ),
    );
    try {
      const bodies = await Promise.all(
        servers.map(async (s) => {
          const res = await fetch(`${s.url}/v1/rankings/2025`, { headers: { authorization: `Bearer ${key}` } });
          expect(res.status).toBe(200);
          return (await res.json()) as { inputsHash: string; rows: unknown[] };
        }),
      );
      expect(bodies[0]).toEqual(bodies[1]);
      expect(bodies[0]!.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
