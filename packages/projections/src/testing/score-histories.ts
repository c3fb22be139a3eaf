import { type LedgerStore, openLedgerStore } from '@cchc/core';
import { ProjectionEngine } from '../read-models/projection-engine.ts';
import { type ReferenceUnitScore, referenceRanking } from '../reference/reference-ranking.ts';
import { DEFAULT_RULEBOOK, type Rulebook } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';
import { ensureRulebook } from '../scoring/ranking-service.ts';
import { appendHistories, type History } from './history.ts';

export interface ScoredUnit {
  readonly planId: string;
  readonly unitId: string;
  readonly score: number | null;
  readonly band: string | null;
  readonly rank: number | null;
  readonly tasksValue: number | null;
  readonly reportsValue: number | null;
}

/** A store holding histories, with read models built, to score at any instants by SQL and by the reference. */
export class ScoringBench {
  private constructor(
    readonly store: LedgerStore,
    readonly engine: ProjectionEngine,
  ) {}

  static async of(histories: readonly History[], rulebook: Rulebook = DEFAULT_RULEBOOK): Promise<ScoringBench> {
    const { store } = await storeOf(histories);
    const engine = await ProjectionEngine.open(store);
    await engine.catchUp(await store.headPosition());
    await ensureRulebook(engine.database, rulebook);
    return new ScoringBench(store, engine);
  }

  /** The SQL ranking of every plan, or of one plan only (the macro's plan-scoped path). */
  async sql(
    asOf: string,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    position = Number.MAX_SAFE_INTEGER,
    planId: string | null = null,
  ): Promise<ScoredUnit[]> {
    const rows = await this.engine.database.rows<Record<string, unknown>>(
      `SELECT plan_id, unit_id, score, band, rank, tasks_value, reports_value
       FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4::VARCHAR) ORDER BY plan_id, unit_id`,
      [asOf, position, rulebookKey(rulebook), planId],
    );
    return rows.map((r) => ({
      planId: r.plan_id as string,
      unitId: r.unit_id as string,
      score: r.score === null ? null : Number(r.score),
      band: (r.band as string | null) ?? null,
      rank: r.rank === null ? null : Number(r.rank),
      tasksValue: r.tasks_value === null ? null : Number(r.tasks_value),
      reportsValue: r.reports_value === null ? null : Number(r.reports_value),
    }));
  }

  async reference(
    asOf: string,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    position = Number.MAX_SAFE_INTEGER,
  ): Promise<ReferenceUnitScore[]> {
    const events = await this.store.readAll({ limit: 10_000_000 });
    return referenceRanking(events, asOf, position, rulebook).sort((a, b) =>
      a.planId + a.unitId < b.planId + b.unitId ? -1 : 1,
    );
  }

  async close(): Promise<void> {
    this.engine.close();
    await this.store.close();
  }
}

/** An in-memory store holding the histories, its clock pinned as appendHistories needs; `append` adds more. */
export async function storeOf(
  histories: readonly History[],
): Promise<{ store: LedgerStore; append: (more: readonly History[]) => Promise<void> }> {
  let now = new Date(0);
  const store = await openLedgerStore({ url: ':memory:', clock: () => now });
  const append = (more: readonly History[]) =>
    appendHistories(store, more, (instant) => {
      now = new Date(instant);
    });
  await append(histories);
  return { store, append };
}

/** Scores one history at an instant, by SQL and by the reference; throws if they disagree. */
export async function scoreBoth(
  history: History,
  asOf: string,
  rulebook: Rulebook = DEFAULT_RULEBOOK,
): Promise<Map<string, ScoredUnit>> {
  const bench = await ScoringBench.of([history], rulebook);
  try {
    const sql = await bench.sql(asOf, rulebook);
    const ref = await bench.reference(asOf, rulebook);
    const mismatch = compareScores(sql, ref);
    if (mismatch) throw new Error(`SQL and reference disagree: ${mismatch}`);
    return new Map(sql.map((r) => [r.unitId, r]));
  } finally {
    await bench.close();
  }
}

/** Undefined when both agree to 1e-9 on every unit's score, band and rank; else the first difference. */
export function compareScores(sql: readonly ScoredUnit[], ref: readonly ReferenceUnitScore[]): string | undefined {
  const key = (r: { planId: string; unitId: string }) => `${r.planId}/${r.unitId}`;
  const bySql = new Map(sql.map((r) => [key(r), r]));
  if (sql.length !== ref.length) return `units: SQL ${sql.map(key).join(',')} vs reference ${ref.map(key).join(',')}`;
  for (const r of ref) {
    const s = bySql.get(key(r));
    if (!s) return `${key(r)} missing from SQL`;
    const close = (a: number | null, b: number | null) =>
      a === null ? b === null : b !== null && Math.abs(a - b) <= 1e-9;
    if (!close(s.score, r.score)) return `${key(r)} score SQL ${s.score} vs reference ${r.score}`;
    if (!close(s.tasksValue, r.tasksValue)) return `${key(r)} tasks SQL ${s.tasksValue} vs reference ${r.tasksValue}`;
    if (!close(s.reportsValue, r.reportsValue))
      return `${key(r)} reports SQL ${s.reportsValue} vs reference ${r.reportsValue}`;
    if (s.band !== r.band) return `${key(r)} band SQL ${s.band} vs reference ${r.band}`;
    if (s.rank !== r.rank) return `${key(r)} rank SQL ${s.rank} vs reference ${r.rank}`;
  }
  return undefined;
}
