/**
 * The departments' ranking by their CCHC index (issue 14) on simulated dossiers: a simulated year
 * for the plan, then N departments' dossiers through the decision engine. Measured side by side in
 * one process, medians of several runs, alternating: one department's index (the reference) and the
 * ranking of all N. The ratio says what ranking adds beyond N index computations.
 */
import { openLedgerStore } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { computeDepartmentIndex, ProjectionEngine, rankDepartments } from '@cchc/projections';
import { simulate, simulateIndexDossiers } from '@cchc/simulation';
import { median, timed } from './stats.ts';

export interface IndexRankingBenchResult {
  readonly departments: number;
  readonly runs: number;
  readonly dossierEvents: number;
  readonly writeDossiersMs: number;
  /** Reference: one department's index. */
  readonly oneIndexMedianMs: number;
  readonly rankingMedianMs: number;
  /** rankingMedianMs / (departments × oneIndexMedianMs). */
  readonly rankingOverNIndexes: number;
}

const AS_OF = '2026-01-31T16:59:59.999Z';

export async function runIndexRankingBench(): Promise<IndexRankingBenchResult> {
  const departments = Number(process.env.BENCH_INDEX_DEPARTMENTS ?? 20);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const store = await openLedgerStore({ url: ':memory:' });
  try {
    const { plan, registry } = seedPlan();
    await simulate(store, { plan, units: registry.units, seed: 42 });
    const written = await timed(() => simulateIndexDossiers(store, { seed: 7, departments }));
    if (Object.keys(written.result.refused).length > 0)
      throw new Error(`refused: ${JSON.stringify(written.result.refused)}`);
    const engine = await ProjectionEngine.open(store);
    try {
      await engine.catchUp(await store.headPosition());
      const db = engine.database;
      const ids = written.result.dossiers.map((d) => ({ departmentId: d.departmentId }));
      // Warm-up: macros, criteria set and rulebook tables.
      await rankDepartments(db, ids, { year: 2025, asOf: AS_OF });
      const one: number[] = [];
      const all: number[] = [];
      for (let i = 0; i < runs; i++) {
        one.push(
          (await timed(() => computeDepartmentIndex(db, { ...ids[i % ids.length]!, year: 2025, asOf: AS_OF }))).ms,
        );
        all.push((await timed(() => rankDepartments(db, ids, { year: 2025, asOf: AS_OF }))).ms);
      }
      const oneIndexMedianMs = median(one);
      const rankingMedianMs = median(all);
      return {
        departments,
        runs,
        dossierEvents: written.result.events,
        writeDossiersMs: written.ms,
        oneIndexMedianMs,
        rankingMedianMs,
        rankingOverNIndexes: rankingMedianMs / (departments * oneIndexMedianMs),
      };
    } finally {
      engine.close();
    }
  } finally {
    await store.close();
  }
}
