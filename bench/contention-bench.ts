import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKey, demoYear, serveChild } from './serve-child.ts';
import { median, percentile } from './stats.ts';

export interface ContentionResult {
  /** p50 of GET /v1/plans alone (the reference, same server, same run). */
  readonly cheapAloneP50Ms: number;
  readonly cheapAloneP99Ms: number;
  /** p50 of GET /v1/plans while `clients` clients ask rankings at random asOf values. */
  readonly cheapUnderLoadP50Ms: number;
  readonly cheapUnderLoadP99Ms: number;
  readonly clients: number;
  readonly seconds: number;
  /** Rankings answered per second during the loaded phase. */
  readonly rankingsPerSecond: number;
  readonly rankingP50Ms: number;
  readonly errors: number;
}

/** A random instant of 2025 (ms precision), so every ranking request misses the cache. */
function randomAsOf(): string {
  const start = Date.UTC(2025, 0, 2);
  const end = Date.UTC(2025, 11, 31);
  return new Date(start + Math.floor(Math.random() * (end - start))).toISOString();
}

async function timedGet(url: string, headers: Record<string, string>): Promise<{ ms: number; ok: boolean }> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return { ms: performance.now() - t, ok: res.status === 200 };
}

/**
 * Finding 5 of issue 17: a cheap read (GET /v1/plans) alone, then while 8 clients ask rankings at
 * random asOf values (each a cache miss), on the demo year served by `cchc serve` in its own process.
 */
export async function runContentionBench(
  options: { seconds?: number; clients?: number } = {},
): Promise<ContentionResult> {
  const seconds = options.seconds ?? 10;
  const clients = options.clients ?? 8;
  const data = mkdtempSync(join(tmpdir(), 'cchc-contention-'));
  try {
    await demoYear(data);
    const key = await createKey(data, 'analyst');
    const server = await serveChild(data);
    const headers = { authorization: `Bearer ${key}` };
    // A query parameter the route ignores makes each cheap read a cache miss (as after any write).
    let n = 0;
    const cheap = () => `${server.base}/v1/plans?n=${n++}`;
    let errors = 0;
    try {
      // Warm-up: the ranking once, the cheap read a few times.
      await timedGet(`${server.base}/v1/rankings/2025`, headers);
      for (let i = 0; i < 20; i++) await timedGet(cheap(), headers);
      const sample = async (until: number) => {
        const out: number[] = [];
        while (Date.now() < until) {
          const r = await timedGet(cheap(), headers);
          if (!r.ok) errors++;
          out.push(r.ms);
          await new Promise((d) => setTimeout(d, 20));
        }
        return out;
      };
      const alone = await sample(Date.now() + seconds * 1000);

      const until = Date.now() + seconds * 1000;
      const rankingTimes: number[] = [];
      const loaders = Array.from({ length: clients }, async () => {
        while (Date.now() < until) {
          const r = await timedGet(`${server.base}/v1/rankings/2025?asOf=${encodeURIComponent(randomAsOf())}`, headers);
          if (!r.ok) errors++;
          rankingTimes.push(r.ms);
        }
      });
      const loaded = await sample(until);
      await Promise.all(loaders);
      return {
        cheapAloneP50Ms: median(alone),
        cheapAloneP99Ms: percentile(alone, 99),
        cheapUnderLoadP50Ms: median(loaded),
        cheapUnderLoadP99Ms: percentile(loaded, 99),
        clients,
        seconds,
        rankingsPerSecond: rankingTimes.length / seconds,
        rankingP50Ms: median(rankingTimes),
        errors,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
