import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventIdReusedError } from '../../errors/store-errors.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';
import { LogPages } from './read-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-store-bulk-'));
let n = 0;
const freshPath = () => join(dir, `store-${++n}`, 'events.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = { actor: 'test', source: 'test' } as const;
const ev = (i: number, eventId: string = randomUUID()) => ({
  eventId,
  type: 'SomethingHappened',
  data: { i, note: 'Đã số hóa' },
  metadata: meta,
  occurredAt: '2025-02-01T09:00:00+07:00',
});
const requests = (prefix: string, streams: number, perStream: number) =>
  Array.from({ length: streams }, (_, s) => ({
    streamId: `${prefix}-${s}`,
    events: Array.from({ length: perStream }, (_, i) => ev(s * perStream + i)),
  }));

describe('the store’s bulk paths (issue 18 §2)', () => {
  it('reading ahead returns the same pages as reading without it', async () => {
    const path = freshPath();
    const writer = await DuckDbEventStore.open({ path });
    await writer.appendMany(requests('a', 7, 500));
    await writer.close();
    const pagesOf = async (readAhead: boolean) => {
      const store = await DuckDbEventStore.open({ path, readOnly: true, readAhead });
      try {
        const pages = [];
        for (let from = 1; ; ) {
          const page = await store.readAll({ fromPosition: from, limit: 1000 });
          pages.push(page);
          if (page.length === 0) return pages;
          from = page.at(-1)!.globalPosition + 1;
        }
      } finally {
        await store.close();
      }
    };
    const ahead = await pagesOf(true);
    expect(ahead.map((p) => p.length)).toEqual([1000, 1000, 1000, 500, 0]);
    expect(ahead).toEqual(await pagesOf(false));
  });

  it('reads again a page read ahead before a commit that completes it', async () => {
    const store = await DuckDbEventStore.open({ path: freshPath() });
    try {
      const readAhead: Promise<unknown>[] = [];
      const pages = new LogPages(store.capabilities.embeddedLog!.database, (work) => readAhead.push(work), true);
      await store.appendMany(requests('b', 1, 1000));
      // A full page: the next one, still empty, is read ahead; let that read finish first.
      expect(await pages.read({ fromPosition: 1, limit: 1000 })).toHaveLength(1000);
      expect(readAhead).toHaveLength(1);
      await Promise.all(readAhead);
      await store.appendMany(requests('c', 2, 500));
      const next = await pages.read({ fromPosition: 1001, limit: 1000 });
      expect(next.map((e) => e.globalPosition)).toEqual(Array.from({ length: 1000 }, (_, i) => 1001 + i));
    } finally {
      await store.close();
    }
  });

  it('commits a group larger than one INSERT chunk atomically, with a valid chain', async () => {
    const store = await DuckDbEventStore.open({ path: freshPath(), insertChunkRows: 3 });
    try {
      const results = await store.appendMany(requests('d', 4, 5));
      expect(results.map((r) => r.position)).toEqual([5, 10, 15, 20]);
      const log = await store.readAll({ limit: 100 });
      expect(log.map((e) => e.globalPosition)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store.verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('rolls back the chunks already inserted when a later one is refused', async () => {
    const store = await DuckDbEventStore.open({ path: freshPath(), insertChunkRows: 3 });
    try {
      const stored = randomUUID();
      await store.appendToStream('first', [ev(0, stored)]);
      // Ten events, the last reusing a stored id with other content: its chunk is the fourth.
      const group = requests('e', 2, 5);
      group[1]!.events[4] = ev(99, stored);
      await expect(store.appendMany(group)).rejects.toBeInstanceOf(EventIdReusedError);
      expect(await store.headPosition()).toBe(1);
      expect(await store.readAll({ limit: 100 })).toHaveLength(1);
      // The writer goes on: the next group lands right after the head.
      const next = await store.appendMany(requests('f', 2, 5));
      expect(next.at(-1)!.position).toBe(11);
      expect((await store.verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
