import { hash } from 'node:crypto';
import { CchcError, type DuckDb, ValidationError } from '@cchc/core';
import { type Rulebook, yearEndCutoff } from '../rulebook/rulebook.ts';
import { loadRulebook, rulebookKey } from '../rulebook/rulebook-tables.ts';

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

export interface Ranking {
  readonly planId: string;
  readonly year: number;
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly asOf: string;
  /** The log position the ranking was computed at. */
  readonly position: number;
  /** sha256 over the rulebook, the instant, the position and the hashes of every event it read. */
  readonly inputsHash: string;
  readonly rows: readonly RankingRow[];
}

export interface RankingQuery {
  readonly rulebook: Rulebook;
  /** Default: the rulebook's year-end cutoff of the plan's year. */
  readonly asOf?: string;
  /** Default: the read models' checkpoint (catch them up first to rank the whole log). */
  readonly position?: number;
  readonly planId?: string;
  readonly year?: number;
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
  const key = await ensureRulebook(db, query.rulebook);
  const checkpoint = await projectedPosition(db);
  const position = query.position ?? checkpoint;
  if (position > checkpoint) throw new ReadModelsBehindError(position, checkpoint);
  const plans = await plansFor(db, query, position);
  const out: Ranking[] = [];
  for (const plan of plans) {
    const asOf = new Date(query.asOf ?? yearEndCutoff(query.rulebook, plan.year)).toISOString();
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) ORDER BY rank NULLS LAST, unit_id`,
      [asOf, position, key, plan.plan_id],
    );
    out.push({
      planId: plan.plan_id,
      year: plan.year,
      rulebook: { id: query.rulebook.id, version: query.rulebook.version },
      asOf,
      position,
      inputsHash: await inputsHash(db, { planId: plan.plan_id, asOf, position, rulebook: query.rulebook }),
      rows: rows.map(toRankingRow),
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
 * the units merged or split into them, as visible at (asOf, position); hashed in log order with
 * the rulebook, the instant and the position. Recomputing at the same position gives the same hash.
 */
export async function inputsHash(
  db: DuckDb,
  input: { planId: string; asOf: string; position: number; rulebook: Rulebook },
): Promise<string> {
  const eventsDigest = await db.value<string | null>(
    `WITH RECURSIVE
     pop AS (SELECT unit_id FROM cchc_population($1::TIMESTAMPTZ, $2::BIGINT, p_plan := $3)),
     changes AS (SELECT unit_id, successor_id FROM rm_unit_changes c
                 WHERE c.position <= $2::BIGINT AND c.known_at <= $1::TIMESTAMPTZ AND c.occurred_at <= $1::TIMESTAMPTZ
                   AND change IN ('merged', 'split') AND successor_id IS NOT NULL),
     members AS (SELECT unit_id FROM pop UNION SELECT c.unit_id FROM members m JOIN changes c ON c.successor_id = m.unit_id),
     plan_year AS (SELECT any_value(year) AS year FROM rm_plans WHERE plan_id = $3),
     streams AS (
       SELECT plan_stream AS s FROM rm_plans WHERE plan_id = $3
       UNION SELECT task_stream FROM rm_tasks, plan_year
             WHERE plan_id = $3 OR (plan_id IS NULL AND rm_tasks.year = plan_year.year)
       UNION SELECT 'unit-' || unit_id FROM members
     )
     SELECT sha256(string_agg(hash, ',' ORDER BY global_position)) FROM events
     WHERE stream_id IN (SELECT s FROM streams) AND global_position <= $2::BIGINT
       AND coalesce(known_at, recorded_at) <= $1::TIMESTAMPTZ AND occurred_at <= $1::TIMESTAMPTZ`,
    [input.asOf, input.position, input.planId],
  );
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
