/**
 * Projections and scoring benchmark (issue 4), on ~1M simulated events, in one run:
 * (a) rebuild of every read model plus the year-end ranking (SQL, set-based, all plans at once);
 * (b) the same ranking by the event-by-event TypeScript fold (the reference), events already in memory;
 * (c) the ranking as of 20 random instants (median), for one plan and for all plans;
 * (d) peak resident memory of the SQL part (before (b) loads 1M events into JS);
 * (e) 1,000 new events on top of the rest: the read models rebuilt up to 1,000 positions before the
 *     head, then caught up and one plan ranked, against a full rebuild measured in the same run.
 * Every target of issue 18 is a ratio against a reference measured here (run.ts prints them).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLedgerStore } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { DEFAULT_RULEBOOK, ProjectionEngine, referenceRanking, rulebookKey, yearEndCutoff } from '@cchc/projections';
import { simulate } from '@cchc/simulation';
import { fmt, median, timed } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ProjectionsBenchResult {
  readonly events: number;
  readonly plans: number;
  readonly rebuildMs: number;
  readonly rankingMs: number;
  readonly rankingOnePlanMs: number;
  readonly memoryLimit: string;
  readonly rebuildAndRankingMs: number;
  readonly foldMs: number;
  readonly loadIntoJsMs: number;
  readonly speedup: number;
  readonly asOfOnePlanMedianMs: number;
  readonly asOfAllPlansMedianMs: number;
  readonly peakRssMiB: number;
  readonly foldAgrees: boolean;
  /** (e) catching up the last `newEvents` events, then ranking one plan at the year end (medians). */
  readonly newEvents: number;
  readonly catchUpMs: number;
  readonly catchUpAndRankOneMs: number;
}

/** The 1M-event store, simulated once and cached under bench/.cache. */
export async function dataset(scale: number, seed: number, log: (l: string) => void): Promise<string> {
  const dir = join(ROOT, 'bench', '.cache', `sim-${scale}-${seed}`);
  const path = join(dir, 'events.duckdb');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  log(`  simulating ${scale} departments (seed ${seed}) into ${path} — once, then cached…`);
  const { plan, registry } = seedPlan();
  // DuckDB would otherwise take up to 80% of RAM for its buffers; the target is about what a rebuild needs.
  const memoryLimit = process.env.BENCH_DUCKDB_MEMORY ?? '400MB';
  const store = await openLedgerStore({ url: path, memoryLimit });
  try {
    const r = await simulate(store, { plan, units: registry.units, seed, scale });
    log(`  ${fmt(r.events)} events written`);
  } finally {
    await store.close();
  }
  return path;
}

export async function runProjectionsBench(log: (line: string) => void = console.log): Promise<ProjectionsBenchResult> {
  const scale = Number(process.env.BENCH_SCALE ?? 1900);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const path = await dataset(scale, 42, log);
  // DuckDB would otherwise take up to 80% of RAM for its buffers; the target is about what a rebuild needs.
  const memoryLimit = process.env.BENCH_DUCKDB_MEMORY ?? '400MB';
  const store = await openLedgerStore({ url: path, memoryLimit });
  const engine = await ProjectionEngine.open(store);
  try {
    const db = engine.database;
    const head = await store.headPosition();
    const cutoff = yearEndCutoff(DEFAULT_RULEBOOK, 2025);
    const rb = rulebookKey(DEFAULT_RULEBOOK);
    const rankAll = (asOf: string) =>
      db.run(
        `CREATE OR REPLACE TEMP TABLE bench_ranking AS SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3)`,
        [asOf, head, rb],
      );
    const rankOne = (asOf: string) =>
      db.rows(`SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := 'cchc-2025')`, [asOf, head, rb]);

    const rebuild: number[] = [];
    const ranking: number[] = [];
    const rankingOne: number[] = [];
    for (let run = 0; run < runs; run++) {
      rebuild.push((await timed(() => engine.rebuild(head))).ms);
      rankingOne.push((await timed(() => rankOne(cutoff))).ms);
      ranking.push((await timed(() => rankAll(cutoff))).ms);
      log(
        `  run ${run + 1}/${runs}: rebuild ${rebuild.at(-1)!.toFixed(0)} ms, year-end ranking of one plan ${rankingOne.at(-1)!.toFixed(0)} ms, of every plan ${ranking.at(-1)!.toFixed(0)} ms`,
      );
    }
    const plans = (await db.value<number>(`SELECT count(DISTINCT plan_id) FROM bench_ranking`)) ?? 0;
    const sqlRows = await db.rows<{
      plan_id: string;
      unit_id: string;
      score: number | null;
      band: string | null;
      rank: number | null;
    }>(`SELECT plan_id, unit_id, score, band, rank FROM bench_ranking`);

    // (c) 20 random instants in the plan year, the same for both variants.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const instants = Array.from({ length: 20 }, () =>
      new Date(Date.parse('2025-01-15T00:00:00Z') + random() * 350 * 86_400_000).toISOString(),
    );
    const one: number[] = [];
    const all: number[] = [];
    for (const asOf of instants) {
      one.push((await timed(() => rankOne(asOf))).ms);
      all.push((await timed(() => rankAll(asOf))).ms);
    }
    // (e) the last 1,000 events arriving on top of the rest: rebuilt without them, then caught up.
    const newEvents = Math.min(1000, head - 1);
    const catchUp: number[] = [];
    const catchUpAndRank: number[] = [];
    for (let run = 0; run < runs; run++) {
      await engine.rebuild(head - newEvents);
      const c = await timed(() => engine.catchUp(head));
      const r = await timed(() => rankOne(cutoff));
      catchUp.push(c.ms);
      catchUpAndRank.push(c.ms + r.ms);
      log(
        `  run ${run + 1}/${runs}: ${fmt(newEvents)} new events caught up in ${c.ms.toFixed(0)} ms, one plan ranked in ${r.ms.toFixed(0)} ms`,
      );
    }
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;

    // (b) the TypeScript fold over the same events, already in memory.
    const load = await timed(async () => {
      const events = [];
      for (let from = 1; from <= head; from += 50_000)
        events.push(...(await store.readAll({ fromPosition: from, limit: 50_000 })));
      return events;
    });
    const fold = await timed(async () => referenceRanking(load.result, cutoff, head, DEFAULT_RULEBOOK));
    const refByKey = new Map(fold.result.map((r) => [`${r.planId}/${r.unitId}`, r]));
    const foldAgrees =
      fold.result.length === sqlRows.length &&
      sqlRows.every((s) => {
        const r = refByKey.get(`${s.plan_id}/${s.unit_id}`);
        return (
          r !== undefined &&
          (s.score === null ? r.score === null : r.score !== null && Math.abs(Number(s.score) - r.score) <= 1e-9) &&
          s.band === r.band &&
          Number(s.rank ?? -1) === (r.rank ?? -1)
        );
      });

    const rebuildMs = median(rebuild);
    const rankingMs = median(ranking);
    return {
      events: head,
      plans,
      rebuildMs,
      rankingMs,
      rankingOnePlanMs: median(rankingOne),
      memoryLimit,
      rebuildAndRankingMs: rebuildMs + rankingMs,
      foldMs: fold.ms,
      loadIntoJsMs: load.ms,
      speedup: fold.ms / (rebuildMs + rankingMs),
      asOfOnePlanMedianMs: median(one),
      asOfAllPlansMedianMs: median(all),
      peakRssMiB,
      foldAgrees,
      newEvents,
      catchUpMs: median(catchUp),
      catchUpAndRankOneMs: median(catchUpAndRank),
    };
  } finally {
    engine.close();
    await store.close();
  }
}
