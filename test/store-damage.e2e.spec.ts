import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, buildApp, keyFileOf, openServices } from '@cchc/api';
import { DuckDb, openLedgerStore } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

/** Issue 17, finding 7: a damaged events.duckdb is reported as damage, with its exit code, 503 and not ready. */
const root = mkdtempSync(join(tmpdir(), 'cchc-damage-'));
let template = '';
beforeAll(async () => {
  mkdirSync(join(root, 'template'), { recursive: true });
  const data = await simulateDemoYear(join(root, 'template'));
  expect((await cli(['project', 'rebuild', '--data', data])).code).toBe(0);
  template = join(data, 'events.duckdb');
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function damaged(damage: (path: string) => void): string {
  const data = join(root, `case-${++n}`);
  mkdirSync(data, { recursive: true });
  const path = join(data, 'events.duckdb');
  copyFileSync(template, path);
  damage(path);
  return data;
}
function overwrite(path: string, at: number, bytes: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(bytes, 0x5a), 0, bytes, at);
  closeSync(fd);
}

describe('a damaged store file', () => {
  const damages: [string, (path: string) => void][] = [
    ['truncated to half', (p) => truncateSync(p, Math.floor(statSync(p).size / 2))],
    ['its first header zeroed', (p) => overwrite(p, 0, 4096)],
    ['its database headers overwritten', (p) => overwrite(p, 4096, 8192)],
    ['its first block overwritten', (p) => overwrite(p, 12_288 + 100, 64)],
  ];
  for (const [name, damage] of damages) {
    it(`${name}: the CLI names the damage and the recovery, and exits 8`, async () => {
      const data = damaged(damage);
      for (const args of [['verify'], ['rank'], ['project', 'status']]) {
        const run = await cli([...args, '--data', data]);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(8);
        expect(run.stderr).toContain('is damaged');
        expect(run.stderr).toContain('cchc restore');
        expect(run.stderr).not.toContain('unexpected error');
      }
    });
  }

  it('damage met while serving: 503 STORE_DAMAGED problem+json, then /ready not ready', async () => {
    // A block of a read model only (not of the log), so the store opens and the damage is met by a read.
    const data = damaged(() => undefined);
    const path = join(data, 'events.duckdb');
    const db = await DuckDb.open(path, { readOnly: true });
    const owners: { table_name: string; block_id: number }[] = [];
    for (const { table_name } of await db.rows<{ table_name: string }>(`SELECT table_name FROM duckdb_tables()`)) {
      for (const { block_id } of await db.rows<{ block_id: number }>(
        `SELECT DISTINCT block_id FROM pragma_storage_info('${table_name}') WHERE block_id >= 0`,
      ))
        owners.push({ table_name, block_id });
    }
    const blockSize = Number(await db.value(`SELECT block_size FROM pragma_database_size()`));
    db.close();
    const shared = new Set(owners.filter((o) => o.table_name !== 'rm_tasks').map((o) => o.block_id));
    const target = owners.find((o) => o.table_name === 'rm_tasks' && !shared.has(o.block_id));
    expect(target, 'a block of rm_tasks alone').toBeDefined();
    overwrite(path, 12_288 + target!.block_id * blockSize + 100, 64);

    const store = await openLedgerStore({ url: path });
    const keys = new ApiKeyStore(keyFileOf(data));
    const analyst = (await keys.create({ role: 'analyst' })).key;
    const services = await openServices(store, keys);
    const app = await buildApp(services);
    try {
      const read = await app.inject({
        url: '/v1/plans/cchc-2025/tasks?limit=1000',
        headers: { authorization: `Bearer ${analyst}` },
      });
      expect(read.statusCode, read.body).toBe(503);
      expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(read.json()).toMatchObject({ code: 'STORE_DAMAGED', recovery: 'docs/operations.md#a-damaged-store' });
      // Once met, the damage keeps the server not ready (until it is restarted on a repaired store).
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode, ready.body).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', code: 'STORE_DAMAGED' });
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await services.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    }
  });
});
