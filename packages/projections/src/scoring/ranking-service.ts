import { hash } from 'node:crypto';
import { CchcError, type DuckDb, ValidationError } from '@cchc/core';
import {
  assertRulebookCovers,
  type Rulebook,
  rankingRulebookFor,
  rankPrecisionOf,
  yearEndCutoff,
} from '../rulebook/rulebook.ts';
import { loadRulebook, rulebookKey } from '../rulebook/rulebook-tables.ts';
import { inputEventsCtes, inputEventsCtesOfGivenPopulation } from '../sql/input-events.ts';
import { resolveRankingInstant } from './ranking-instant.ts';

/** Largest position: "everything recorded so far". */
export const ALL_POSITIONS = Number.MAX_SAFE_INTEGER;

export interface RankingRow {
  readonly unitId: string;
  readonly unitName: string;
  readonly score: number | null;
  readonly band: string | null;
  readonly rank: number | null;
  readonly tasksValue: number | null;
  readonly reportsValue: number | null;
  readonly scorableAssignments: number;
  readonly reportsDue: number;
  readonly reportsMissing: number;
  readonly bonus: number;
  readonly criticismDeduction: number;
  readonly missingDeduction: number;
  readonly sanctions: number;
  readonly overdueAssignments: number;
}

/**
 * R-RANK-TIES, stated with every ranking: scores equal at `precision` decimals share a rank
 * (1, 2, 2, 4); within a tie rows are listed by unit id, which is list order only.
 */
export interface RankingTies {
  readonly precision: number;
  readonly rule: 'equal_rounded_scores_share_rank';
  readonly listedWithinTieBy: 'unit_id';
}

export interface Ranking {
  readonly planId: string;
  readonly year: number;
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly asOf: string;
  /** R-CUTOFF: the rulebook's year-end cutoff of the plan year. */
  readonly cutoff: string;
  /** Computed before the cutoff (asOf < cutoff): "tạm tính", not the year's final result. */
  readonly provisional: boolean;
  /** The log position the ranking was computed at. */
  readonly position: number;
  /** sha256 over the rulebook, the instant, the position and the hashes of every event it read. */
  readonly inputsHash: string;
  readonly ties: RankingTies;
  readonly rows: readonly RankingRow[];
}

export interface RankingQuery {
  /** Default: the shipped default for each plan's year (rankingRulebookFor). A year it does not cover is refused. */
  readonly rulebook?: Rulebook;
  /** Default: the earlier of the plan year's cutoff and `now` (resolveRankingInstant). Used as given otherwise. */
  readonly asOf?: string;
  /** "Now", for the default instant (default: the clock). */
  readonly now?: Date | string;
  /** Default: the read models' checkpoint (catch them up first to rank the whole log). */
  readonly position?: number;
  readonly planId?: string;
  readonly year?: number;
  /** Recomputing a ranking published with this rulebook (rank verify): its coverage is not checked again. */
  readonly published?: boolean;
}

/** The rulebook a plan is ranked with: the one asked for, else the shipped default of its year; refused unless it covers the year. */
export function rulebookForPlan(rulebook: Rulebook | undefined, year: number, published = false): Rulebook {
  const chosen = rulebook ?? rankingRulebookFor(year);
  if (!published) assertRulebookCovers(chosen, year);
  return chosen;
}

/** The instant of a query for a plan year: as given, else the earlier of the cutoff and now. */
export function queryInstant(
  query: Pick<RankingQuery, 'asOf' | 'now'>,
  rulebook: Rulebook,
  year: number,
): { asOf: string; cutoff: string; provisional: boolean } {
  const cutoff = yearEndCutoff(rulebook, year);
  const asOf =
    query.asOf === undefined
      ? resolveRankingInstant({ rulebook, year, now: query.now ?? new Date() }).asOf
      : new Date(query.asOf).toISOString();
  return { asOf, cutoff, provisional: Date.parse(asOf) < Date.parse(cutoff) };
}

export class UnknownPlanError extends CchcError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`Không tìm thấy kế hoạch ${what} trong mô hình đọc`, `no plan ${what} in the read models`);
  }
}

/** Loads the rulebook if needed; refuses one whose id and version are taken by other content. */
export async function ensureRulebook(db: DuckDb, rulebook: Rulebook): Promise<string> {
  const key = rulebookKey(rulebook);
  const stored = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (stored === undefined) return loadRulebook(db, rulebook);
  if (stored !== JSON.stringify(rulebook)) {
    throw new ValidationError({ vi: 'Bộ quy tắc', en: 'rulebook' }, [
      {
        path: 'version',
        message: `${key} đã được dùng với nội dung khác; hãy tăng "version" khi sửa / already in use with other content; raise "version" when you change it`,
      },
    ]);
  }
  return key;
}

type PlanRow = {
  plan_id: string;
  year: number;
};

/** The plans a query is about: one by id, those of a year, or all. */
export async function plansFor(
  db: DuckDb,
  query: { planId?: string; year?: number },
  position: number,
): Promise<PlanRow[]> {
  const plans = await db.rows<PlanRow>(
    `SELECT plan_id, any_value(year) AS year FROM rm_plans WHERE position <= $1::BIGINT
       AND ($2::VARCHAR IS NULL OR plan_id = $2) AND ($3::INTEGER IS NULL OR year = $3)
     GROUP BY plan_id ORDER BY plan_id`,
    [position, query.planId ?? null, query.year ?? null],
  );
  if (plans.length === 0)
    throw new UnknownPlanError(query.planId ?? (query.year !== undefined ? `năm/year ${query.year}` : ''));
  return plans;
}

/**
 * The ranking of each plan asked for, computed by the SQL macros at (asOf, position). Scores are
 * unrounded; unranked units (nothing scorable, no report due) have score null.
 */
export async function computeRankings(db: DuckDb, query: RankingQuery): Promise<Ranking[]> {
  const checkpoint = await projectedPosition(db);
  const position = query.position ?? checkpoint;
  if (position > checkpoint) throw new ReadModelsBehindError(position, checkpoint);
  const plans = await plansFor(db, query, position);
  const out: Ranking[] = [];
  for (const plan of plans) {
    const rulebook = rulebookForPlan(query.rulebook, plan.year, query.published);
    const key = await ensureRulebook(db, rulebook);
    const { asOf, cutoff, provisional } = queryInstant(query, rulebook, plan.year);
    // R-RANK-TIES: rows listed by rank, then (within a tie, list order only) by unit id.
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) ORDER BY rank NULLS LAST, unit_id`,
      [asOf, position, key, plan.plan_id],
    );
    const rankingRows = rows.map(toRankingRow);
    out.push({
      planId: plan.plan_id,
      year: plan.year,
      rulebook: { id: rulebook.id, version: rulebook.version },
      asOf,
      cutoff,
      provisional,
      position,
      // The rows are the plan's population at (asOf, position), one per unit: not computed again.
      inputsHash: await inputsHash(db, {
        planId: plan.plan_id,
        asOf,
        position,
        rulebook,
        population: rankingRows.map((r) => r.unitId),
      }),
      ties: {
        precision: rankPrecisionOf(rulebook),
        rule: 'equal_rounded_scores_share_rank',
        listedWithinTieBy: 'unit_id',
      },
      rows: rankingRows,
    });
  }
  return out;
}

/** How far the read models have been projected. */
export async function projectedPosition(db: DuckDb): Promise<number> {
  return (await db.value<number | null>(`SELECT position FROM projection_checkpoints WHERE name = 'read-models'`)) ?? 0;
}

export class ReadModelsBehindError extends CchcError {
  readonly code = 'READ_MODELS_BEHIND';
  constructor(position: number, checkpoint: number) {
    super(
      `Mô hình đọc mới đến vị trí ${checkpoint}, chưa tới ${position}; hãy cập nhật (cchc project catch-up)`,
      `the read models reach position ${checkpoint}, not ${position}; catch them up (cchc project catch-up)`,
    );
  }
}

/**
 * What a ranking read: the plan's stream, its tasks' streams and the streams of its units and of
 * the units merged or split into them, as visible at (asOf, position), and the knowledge claims
 * that count and list one of those events (they decide when it was known); hashed in log order
 * with the rulebook, the instant and the position. Recomputing at the same position gives the same hash.
 */
export async function inputsHash(
  db: DuckDb,
  input: {
    planId: string;
    asOf: string;
    position: number;
    rulebook: Rulebook;
    /** The plan's population at (asOf, position) when the caller has it (its ranking's unit ids). */
    population?: readonly string[];
  },
): Promise<string> {
  const digest = `SELECT sha256(string_agg(hash, ',' ORDER BY global_position)) FROM read_events`;
  const eventsDigest = await (input.population === undefined
    ? db.value<string | null>(`WITH ${inputEventsCtes} ${digest}`, [input.asOf, input.position, input.planId])
    : db.value<string | null>(`WITH ${inputEventsCtesOfGivenPopulation} ${digest}`, [
        input.asOf,
        input.position,
        input.planId,
        JSON.stringify(input.population),
      ]));
  return hash(
    'sha256',
    [
      rulebookKey(input.rulebook),
      JSON.stringify(input.rulebook),
      input.planId,
      input.asOf,
      String(input.position),
      eventsDigest ?? '',
    ].join('\n'),
    'hex',
  );
}

function toRankingRow(r: Record<string, unknown>): RankingRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    score: num(r.score),
    band: (r.band as string | null) ?? null,
    rank: num(r.rank),
    tasksValue: num(r.tasks_value),
    reportsValue: num(r.reports_value),
    scorableAssignments: Number(r.scorable_assignments),
    reportsDue: Number(r.reports_due),
    reportsMissing: Number(r.reports_missing),
    bonus: Number(r.bonus),
    criticismDeduction: Number(r.criticism_deduction),
    missingDeduction: Number(r.missing_deduction),
    sanctions: Number(r.sanctions),
    overdueAssignments: Number(r.overdue_assignments),
  };
}
