import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKey, demoYear, serveChild } from './serve-child.ts';

export interface SoakSample {
  /** Seconds since the load started. */
  readonly at: number;
  readonly rssMb: number;
  readonly requests: number;
  readonly errors: number;
}

export interface SoakResult {
  readonly seconds: number;
  readonly clients: number;
  readonly requests: number;
  readonly writes: number;
  readonly errors: number;
  /** The first few errors, for the report. */
  readonly errorSamples: readonly string[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rankingP99Ms: number;
  readonly samples: readonly SoakSample[];
  /** RSS at the start and at the end of each minute (or of the run, when shorter). */
  readonly rssByMinute: readonly { readonly minute: number; readonly rssMb: number; readonly p99Ms: number }[];
  /** Least-squares slope of RSS over the samples after the warm-up, MB per minute. */
  readonly rssSlopeMbPerMinute: number;
  readonly warmUpSeconds: number;
}

const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const randomInstant = () => new Date(Date.UTC(2025, 0, 2) + Math.floor(Math.random() * 360 * 86_400_000)).toISOString();

/**
 * The soak: `cchc serve` on the demo year in its own process, `clients` clients each sending one
 * request after another for `seconds`: reads (cheap lists, task lists, progress, units and rankings
 * at random instants) and, one in four, a valid progress report. RSS of the server read from /proc
 * every `sampleMs`. Any answer other than 200/201/304 counts as an error.
 */
export async function runSoak(
  options: {
    seconds?: number;
    clients?: number;
    sampleMs?: number;
    /** Samples before this are left out of the slope (default a quarter of the run, at most 60 s). */
    warmUpSeconds?: number;
    /** Environment of the server process (e.g. MALLOC_ARENA_MAX). */
    serverEnv?: NodeJS.ProcessEnv;
    log?: (line: string) => void;
  } = {},
): Promise<SoakResult> {
  const seconds = options.seconds ?? 600;
  const clients = options.clients ?? 6;
  const sampleMs = options.sampleMs ?? 5_000;
  const log = options.log ?? (() => undefined);
  const data = mkdtempSync(join(tmpdir(), 'cchc-soak-'));
  try {
    await demoYear(data);
    const analyst = await createKey(data, 'analyst');
    const office = await createKey(data, 'office');
    const server = await serveChild(data, 'warn', options.serverEnv);
    const pid = server.process.pid!;
    const latencies: number[] = [];
    const rankingLatencies: number[] = [];
    const windowLatencies: number[] = [];
    const errorSamples: string[] = [];
    let requests = 0;
    let writes = 0;
    let errors = 0;
    const samples: SoakSample[] = [];
    const started = performance.now();
    const until = started + seconds * 1000;
    const minuteP99: number[][] = [[]];
    try {
      samples.push({ at: 0, rssMb: rssMbOf(pid), requests: 0, errors: 0 });
      const sampler = setInterval(() => {
        samples.push({ at: (performance.now() - started) / 1000, rssMb: rssMbOf(pid), requests, errors });
        const last = samples.at(-1)!;
        log(
          `  ${last.at.toFixed(0).padStart(4)} s  RSS ${last.rssMb.toFixed(1)} MB  ${requests} requests  ${errors} errors`,
        );
      }, sampleMs);
      const read = { authorization: `Bearer ${analyst}` };
      const write = { authorization: `Bearer ${office}`, 'content-type': 'application/json' };
      const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
      const call = async (url: string, init: RequestInit, ranking = false) => {
        const t = performance.now();
        let status = 0;
        let text = '';
        try {
          const res = await fetch(`${server.base}${url}`, init);
          status = res.status;
          text = await res.text();
        } catch (error) {
          text = (error as Error).message;
        }
        const ms = performance.now() - t;
        requests++;
        latencies.push(ms);
        windowLatencies.push(ms);
        minuteP99.at(-1)!.push(ms);
        if (ranking) rankingLatencies.push(ms);
        if (![200, 201, 304].includes(status)) {
          errors++;
          if (errorSamples.length < 10) errorSamples.push(`${status} ${url}: ${text.slice(0, 200)}`);
        }
      };
      const minuteTimer = setInterval(() => minuteP99.push([]), 60_000);
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let n = 0; performance.now() < until; n++) {
            const r = Math.random();
            if (r < 0.25) {
              writes++;
              const [task, unit] = pick([
                ['II.3', 'vp-dkdd'],
                ['I.1', 'vp-so'],
              ] as const);
              await call(`/v1/tasks/${task}/progress`, {
                method: 'POST',
                headers: write,
                body: JSON.stringify({
                  unitId: unit,
                  percent: (c * 7 + n) % 95,
                  at: '2025-11-20T09:00:00+07:00',
                  entry: { kind: 'late', reason: 'tải thử / load test' },
                }),
              });
            } else if (r < 0.4) {
              await call(`/v1/rankings/2025?asOf=${encodeURIComponent(randomInstant())}`, { headers: read }, true);
            } else {
              await call(
                pick([
                  '/v1/plans',
                  `/v1/plans/cchc-2025/tasks?limit=20&asOf=${encodeURIComponent(randomInstant())}`,
                  `/v1/progress?asOf=${encodeURIComponent(randomInstant())}`,
                  '/v1/units',
                  '/v1/tasks/II.3',
                  '/v1/reports',
                ]),
                { headers: read },
              );
            }
          }
        }),
      );
      clearInterval(sampler);
      clearInterval(minuteTimer);
      samples.push({ at: (performance.now() - started) / 1000, rssMb: rssMbOf(pid), requests, errors });
    } finally {
      await server.stop();
    }
    const warmUpSeconds = options.warmUpSeconds ?? Math.min(60, seconds * 0.25);
    const steady = samples.filter((s) => s.at >= warmUpSeconds).map((s) => ({ x: s.at / 60, y: s.rssMb }));
    const rssByMinute = [{ minute: 0, rssMb: samples[0]!.rssMb, p99Ms: 0 }];
    for (let m = 1; m <= Math.ceil(seconds / 60); m++) {
      const at = Math.min(m * 60, seconds);
      const sample = samples.reduce((best, s) => (Math.abs(s.at - at) < Math.abs(best.at - at) ? s : best));
      rssByMinute.push({ minute: at / 60, rssMb: sample.rssMb, p99Ms: percentile(minuteP99[m - 1] ?? [], 99) });
    }
    return {
      seconds,
      clients,
      requests,
      writes,
      errors,
      errorSamples,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      rankingP99Ms: percentile(rankingLatencies, 99),
      samples,
      rssByMinute,
      rssSlopeMbPerMinute: slope(steady),
      warmUpSeconds,
    };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
