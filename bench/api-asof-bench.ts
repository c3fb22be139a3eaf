/**
 * `pnpm bench api-asof` (issue 18, last row): the API's uncached as-of ranking on the 1M-event
 * dataset. `cchc serve` runs in its own process on a copy of bench/.cache's store; every request
 * asks one plan's ranking at an instant never asked before, so nothing comes from the API's answer
 * cache (keyed by query and log position). The reference is the projections bench's "as-of one
 * plan" call (`cchc_ranking(…, p_plan := …)`, uncached), run in this process on its own copy of the
 * same file, in rounds alternating with the API's. Per round:
 *   1. the reference: 20 new instants, one after the other (median);
 *   2. the API's whole answer computed in this process, no HTTP (median): the route's own queries;
 *   3. the API, one connection, one request at a time (median): the route plus HTTP, no queueing;
 *   4. the API, `connections` connections each sending requests back to back (p50, p99).
 * The target is p99 of 4 ≤ 2× the median of 1; 2 and 3 say where the rest goes.
 * Part of the default `pnpm bench` (2.5–5 min here, after the dataset is cached).
 * BENCH_RUNS (rounds, default 3), BENCH_REQUESTS (per round, default 60), BENCH_CONNECTIONS (4).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore } from '@cchc/core';
import { DEFAULT_RULEBOOK, ProjectionEngine, rulebookKey } from '@cchc/projections';
import { rankingAnswerOf } from '../packages/api/src/answers/rankings.ts';
import { publicationsOf, rankingFor } from '../packages/api/src/routes/ranking-queries.ts';
import { dataset } from './projections-bench.ts';
import { createKey, serveChild } from './serve-child.ts';
import { median, percentile, timed } from './stats.ts';

const PLAN = 'cchc-2025';
const YEAR = 2025;

export interface ApiAsOfRound {
  /** The reference: cchc_ranking for one plan, in process, median of `referenceInstants`. */
  readonly referenceMedianMs: number;
  /** What the route computes (rankingFor + publicationsOf + JSON), in process, median. */
  readonly answerInProcessMedianMs: number;
  /** The API, one connection, sequential requests, median and p99. */
  readonly apiSequentialMedianMs: number;
  readonly apiSequentialP99Ms: number;
  /** apiSequentialP99Ms / referenceMedianMs: one client at a time, so no request waits for another. */
  readonly sequentialRatio: number;
  /** The API, `connections` connections at once. */
  readonly apiP50Ms: number;
  readonly apiP99Ms: number;
  readonly apiRequests: number;
  readonly apiSeconds: number;
  /** apiP99Ms / referenceMedianMs. */
  readonly ratio: number;
}

export interface ApiAsOfBenchResult {
  readonly events: number;
  readonly plan: string;
  readonly units: number;
  readonly connections: number;
  readonly referenceInstants: number;
  readonly sequentialRequests: number;
  readonly requestsPerRound: number;
  readonly rounds: readonly ApiAsOfRound[];
  /** Medians over the rounds; `ratio` is the median of the per-round ratios. */
  readonly referenceMedianMs: number;
  readonly answerInProcessMedianMs: number;
  readonly apiSequentialMedianMs: number;
  /** The median of the per-round (sequential p99 / reference median). */
  readonly sequentialRatio: number;
  readonly apiP50Ms: number;
  readonly apiP99Ms: number;
  /** p99 over every concurrent request of every round. */
  readonly apiP99AllRoundsMs: number;
  readonly ratio: number;
  /** The API's rows equal the reference's for the same instant (unit, score, band, rank). */
  readonly agrees: boolean;
  /** Distinct ETags among the uncached requests (= requests: none could be a cache hit). */
  readonly distinctEtags: number;
  readonly uncachedRequests: number;
  /** One instant asked again at the end (a cache hit), median of 5, against the fastest miss. */
  readonly cachedRepeatMs: number;
  readonly fastestMissMs: number;
  readonly serverReadyMs: number;
  readonly projectMs: number;
}

/** Instants in the plan's year, each new: a random day, then a millisecond no other request used. */
function instants(): () => string {
  let seed = 11;
  const used = new Set<string>();
  return () => {
    for (;;) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const t = Date.parse('2025-01-15T00:00:00Z') + Math.floor((seed / 2 ** 31) * 330 * 86_400_000);
      const iso = new Date(t).toISOString();
      if (!used.has(iso)) {
        used.add(iso);
        return iso;
      }
    }
  };
}

interface Answer {
  readonly ms: number;
  readonly status: number;
  readonly etag: string;
  readonly body: string;
}

/** GET on one keep-alive connection of `agent` (maxSockets 1: the agent is the connection). */
function get(agent: Agent, base: string, path: string, key: string): Promise<Answer> {
  const start = performance.now();
  return new Promise((done, fail) => {
    const req = request(`${base}${path}`, { agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({
          ms: performance.now() - start,
          status: res.statusCode ?? 0,
          etag: String(res.headers.etag ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

const rankingPath = (asOf: string) => `/v1/rankings/${YEAR}?planId=${PLAN}&asOf=${encodeURIComponent(asOf)}`;

function copyStore(from: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const to = join(dir, 'events.duckdb');
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
  return to;
}

export async function runApiAsOfBench(log: (line: string) => void = console.log): Promise<ApiAsOfBenchResult> {
  const scale = Number(process.env.BENCH_SCALE ?? 1900);
  const rounds = Number(process.env.BENCH_RUNS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 4);
  const perRound = Number(process.env.BENCH_REQUESTS ?? 60);
  const referenceInstants = 20;
  const sequentialRequests = 20;
  const inProcessAnswers = 5;
  const cached = await dataset(scale, 42, log);
  const tmp = mkdtempSync(join(tmpdir(), 'cchc-api-asof-'));
  try {
    // The cache's store has no read models: project them once on a copy, then give the server a
    // copy of that (it would catch up before listening anyway; this way both sides hold the same
    // read models and the server is ready at once). The cache itself is never opened for writing.
    const refPath = copyStore(cached, join(tmp, 'reference'));
    // The server's DuckDB settings (no memory limit given: DuckDB's default), so that only the
    // HTTP path differs between the two sides.
    let store = await openLedgerStore({ url: refPath });
    let engine = await ProjectionEngine.open(store);
    const head = await store.headPosition();
    const project = await timed(() => engine.catchUp(head));
    log(`  ${head.toLocaleString('en-US')} events projected in ${project.ms.toFixed(0)} ms (once, on a copy)`);
    engine.close();
    await store.close();
    const data = join(tmp, 'serve');
    copyStore(refPath, data);
    store = await openLedgerStore({ url: refPath });
    engine = await ProjectionEngine.open(store);
    const db = engine.database;
    const rb = rulebookKey(DEFAULT_RULEBOOK);

    const key = await createKey(data, 'analyst');
    const started = performance.now();
    const server = await serveChild(data, 'warn', { CCHC_CHECKPOINT_EVERY: 'off' });
    const serverReadyMs = performance.now() - started;
    try {
      const ready = JSON.parse((await get(new Agent({ keepAlive: false }), server.base, '/ready', key)).body) as {
        status: string;
        head: number;
        projectionLag: number;
      };
      if (ready.status !== 'ready' || ready.projectionLag !== 0 || ready.head !== head)
        throw new Error(`server not caught up: ${JSON.stringify(ready)}`);
      log(`  cchc serve ready and caught up (head ${ready.head}, lag 0) ${serverReadyMs.toFixed(0)} ms after start`);

      const next = instants();
      const reference = (asOf: string) =>
        db.rows<{ unit_id: string; score: number | null; band: string | null; rank: number | null }>(
          `SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := '${PLAN}')`,
          [asOf, head, rb],
        );
      const answerInProcess = (asOf: string) =>
        db.transaction(async () => {
          const context = await rankingFor(db, head, { year: YEAR, planId: PLAN, asOf }, new Date().toISOString());
          return JSON.stringify(rankingAnswerOf(context, await publicationsOf(db, context.ranking, head)));
        });
      const agents = Array.from({ length: connections }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      const etags = new Set<string>();
      let uncached = 0;
      const ask = async (agent: Agent, asOf: string) => {
        const a = await get(agent, server.base, rankingPath(asOf), key);
        if (a.status !== 200) throw new Error(`GET ${rankingPath(asOf)}: ${a.status} ${a.body.slice(0, 300)}`);
        etags.add(a.etag);
        uncached++;
        return a;
      };

      // Warm-up, and the check that both sides rank alike at one instant.
      const first = next();
      const api = JSON.parse((await ask(agents[0]!, first)).body) as {
        asOf: string;
        rows: { unitId: string; score: number | null; band: string | null; rank: number | null }[];
      };
      const ref = await reference(first);
      const refByUnit = new Map(ref.map((r) => [r.unit_id, r]));
      const agrees =
        api.asOf === first &&
        api.rows.length === ref.length &&
        api.rows.every((row) => {
          const r = refByUnit.get(row.unitId);
          return (
            r !== undefined &&
            (row.score === null ? r.score === null : Math.abs(Number(r.score) - row.score) <= 1e-9) &&
            row.band === r.band &&
            row.rank === (r.rank === null ? null : Number(r.rank))
          );
        });
      await answerInProcess(next());

      const out: ApiAsOfRound[] = [];
      const all: number[] = [];
      const misses: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const refMs: number[] = [];
        for (let i = 0; i < referenceInstants; i++) refMs.push((await timed(() => reference(next()))).ms);
        const inProcMs: number[] = [];
        for (let i = 0; i < inProcessAnswers; i++) inProcMs.push((await timed(() => answerInProcess(next()))).ms);
        const seqMs: number[] = [];
        for (let i = 0; i < sequentialRequests; i++) seqMs.push((await ask(agents[0]!, next())).ms);
        let left = perRound;
        const times: number[] = [];
        const t0 = performance.now();
        await Promise.all(
          agents.map(async (agent) => {
            while (left > 0) {
              left--;
              times.push((await ask(agent, next())).ms);
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        all.push(...times);
        misses.push(...seqMs, ...times);
        const r: ApiAsOfRound = {
          referenceMedianMs: median(refMs),
          answerInProcessMedianMs: median(inProcMs),
          apiSequentialMedianMs: median(seqMs),
          apiSequentialP99Ms: percentile(seqMs, 99),
          sequentialRatio: percentile(seqMs, 99) / median(refMs),
          apiP50Ms: percentile(times, 50),
          apiP99Ms: percentile(times, 99),
          apiRequests: times.length,
          apiSeconds: seconds,
          ratio: percentile(times, 99) / median(refMs),
        };
        out.push(r);
        log(
          `  round ${round + 1}/${rounds}: reference ${r.referenceMedianMs.toFixed(0)} ms; in-process answer ${r.answerInProcessMedianMs.toFixed(0)} ms; API alone ${r.apiSequentialMedianMs.toFixed(0)} ms; API ×${connections}: p50 ${r.apiP50Ms.toFixed(0)} ms, p99 ${r.apiP99Ms.toFixed(0)} ms (${r.apiRequests} in ${seconds.toFixed(1)} s) → ${r.ratio.toFixed(2)}×`,
        );
      }
      // The same instant again: served from the answer cache (what none of the above could be).
      const repeat: number[] = [];
      for (let i = 0; i < 5; i++) {
        const a = await get(agents[0]!, server.base, rankingPath(first), key);
        if (a.status !== 200) throw new Error(`repeat: ${a.status}`);
        repeat.push(a.ms);
      }
      for (const agent of agents) agent.destroy();
      return {
        events: head,
        plan: PLAN,
        units: ref.length,
        connections,
        referenceInstants,
        sequentialRequests,
        requestsPerRound: perRound,
        rounds: out,
        referenceMedianMs: median(out.map((r) => r.referenceMedianMs)),
        answerInProcessMedianMs: median(out.map((r) => r.answerInProcessMedianMs)),
        apiSequentialMedianMs: median(out.map((r) => r.apiSequentialMedianMs)),
        sequentialRatio: median(out.map((r) => r.sequentialRatio)),
        apiP50Ms: median(out.map((r) => r.apiP50Ms)),
        apiP99Ms: median(out.map((r) => r.apiP99Ms)),
        apiP99AllRoundsMs: percentile(all, 99),
        ratio: median(out.map((r) => r.ratio)),
        agrees,
        distinctEtags: etags.size,
        uncachedRequests: uncached,
        cachedRepeatMs: median(repeat),
        fastestMissMs: Math.min(...misses),
        serverReadyMs,
        projectMs: project.ms,
      };
    } finally {
      await server.stop();
      engine.close();
      await store.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
