import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT_SCHEMA_VERSION, checkpointDirOf, openLedgerStore } from '@cchc/core';
import { simulate } from '@cchc/simulation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from './access/api-keys.ts';
import { keyFileOf, startServer } from './server.ts';
import { AT, LATE } from './testing/api-spec-kit.ts';
import { seedPlan } from './testing/demo-services.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-scheduled-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const storePath = join(dataDir, 'events.duckdb');
beforeAll(async () => {
  const store = await openLedgerStore({ url: storePath });
  try {
    const { plan, registry } = seedPlan();
    await simulate(store, { plan, units: registry.units, seed: 7 });
  } finally {
    await store.close();
  }
});

const kept = () => {
  try {
    return readdirSync(checkpointDirOf(dataDir)).sort();
  } catch {
    return [];
  }
};
const sizeOf = (file: string) => Number(/^checkpoint-(\d+)-/.exec(file)![1]);
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('scheduled checkpoints while serving', () => {
  it('takes one every interval only when the log grew, while requests are answered, and stops with the server', {
    timeout: 120_000,
  }, async () => {
    const keys = new ApiKeyStore(keyFileOf(dataDir), 0);
    const office = (await keys.create({ role: 'office' })).key;
    const server = await startServer({ storePath, keys, port: 0, logLevel: 'silent', checkpointEveryMs: 100 });
    try {
      await until(() => kept().length === 1);
      const head = (await (await fetch(`${server.url}/ready`)).json()) as { head: number };
      expect(sizeOf(kept()[0]!)).toBe(head.head);
      // Ten intervals without a new event: no new checkpoint; the server answers meanwhile.
      for (let i = 0; i < 10; i++) {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(kept()).toHaveLength(1);
      const res = await fetch(`${server.url}/v1/tasks/II.3/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unitId: 'vp-dkdd', percent: 40, at: AT, entry: LATE }),
      });
      expect(res.status, await res.text()).toBe(201);
      await until(() => kept().length === 2);
      expect(sizeOf(kept().find((f) => sizeOf(f) > head.head)!)).toBe(head.head + 1);
    } finally {
      await server.close();
    }
    const after = kept().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(kept()).toHaveLength(after);
  });

  it('a publication left without its checkpoint (a process killed between the two) gets one when the server starts', {
    timeout: 120_000,
  }, async () => {
    const store = await openLedgerStore({ url: storePath });
    let position: number;
    try {
      const head = await store.headPosition();
      const hash = (await store.readAll({ fromPosition: head, limit: 1 }))[0]!.hash;
      const appended = await store.appendToStream('ranking-cchc-2025', [
        {
          type: 'RankingPublished',
          schemaVersion: CURRENT_SCHEMA_VERSION.RankingPublished,
          data: {
            year: 2025,
            planId: 'cchc-2025',
            rulebook: { id: 'default-2025', version: 1 },
            asOf: '2025-12-15T16:59:59.999Z',
            position: head,
            inputsHash: 'a'.repeat(64),
            logHash: hash,
            rows: [],
          },
          metadata: { actor: 'test', source: 'test' },
          occurredAt: new Date().toISOString(),
        },
      ]);
      position = appended.events[0]!.globalPosition;
    } finally {
      await store.close();
    }
    const before = kept();
    expect(before.every((f) => sizeOf(f) < position)).toBe(true);
    const keys = new ApiKeyStore(keyFileOf(dataDir), 0);
    const server = await startServer({ storePath, keys, port: 0, logLevel: 'silent' });
    try {
      await until(() => kept().some((f) => sizeOf(f) >= position));
      expect(kept()).toHaveLength(before.length + 1);
    } finally {
      await server.close();
    }
    // Covered now: the next start takes none (close waits for the start's look).
    const again = await startServer({ storePath, keys, port: 0, logLevel: 'silent' });
    await again.close();
    expect(kept()).toHaveLength(before.length + 1);
  });
});
