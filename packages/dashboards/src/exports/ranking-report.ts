import { type DuckDb, NotFoundError } from '@cchc/core';
import {
  ASSIGNMENT_STATUSES,
  type AssignmentStatusLabel,
  assignmentStatusCode,
  ensureRulebook,
  findingNotes,
  type Ranking,
  type RankingDiagnosis,
  type RankingInContext,
  type Rulebook,
  rankingRulebookFor,
  rankingsInContext,
} from '@cchc/projections';

/** One lead assignment of a ranked unit, as scored at the ranking's instant. */
export interface ScoredAssignment {
  readonly unitId: string;
  readonly taskId: string;
  readonly area: string;
  /** The Vietnamese label of the status code. */
  readonly status: AssignmentStatusLabel;
  readonly due: string | null;
  readonly completedOn: string | null;
  readonly scorable: boolean;
  readonly c: number | null;
  readonly q: number | null;
  readonly l: number | null;
  readonly s: number | null;
}

/** What the ranking report holds: the ranking in its context and every lead assignment behind it. */
export interface RankingReport {
  readonly ranking: Ranking;
  readonly context: RankingInContext;
  readonly rulebook: Rulebook;
  readonly assignments: readonly ScoredAssignment[];
}

export interface RankingReportQuery {
  /** Default: the shipped default of the plan's year. */
  readonly rulebook?: Rulebook;
  readonly position: number;
  readonly now: Date | string;
  readonly year?: number;
  /** The instant asked for (a future one is clamped to now); default: the cutoff, or now before it. */
  readonly requested?: string;
  readonly planId?: string;
}

const dateText = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The ranking and its lead assignments at one instant and log position: the same computation as
 * GET /v1/rankings/:year, so an export equals what the API and the dashboard show.
 */
export async function rankingReports(db: DuckDb, query: RankingReportQuery): Promise<RankingReport[]> {
  const { rankings, diagnosis } = await rankingsInContext(db, query);
  if (rankings.length === 0) throw new RankingNotFoundError(diagnosis);
  const reports: RankingReport[] = [];
  for (const context of rankings) {
    const { ranking } = context;
    const rulebook = query.rulebook ?? rankingRulebookFor(ranking.year);
    const key = await ensureRulebook(db, rulebook);
    const rows = await db.rows(
      `SELECT unit_id, task_id, area, status, due, completed_on, scorable, c_value, q_value, l_value, s
       FROM cchc_assignments($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) WHERE role = 'lead' ORDER BY area, unit_id, task_id`,
      [ranking.asOf, ranking.position, key, ranking.planId],
    );
    const ranked = new Set(ranking.rows.map((r) => r.unitId));
    const assignments = rows
      .filter((r) => ranked.has(String(r.unit_id)))
      .map((r) => ({
        unitId: String(r.unit_id),
        taskId: String(r.task_id),
        area: String(r.area),
        status: ASSIGNMENT_STATUSES[assignmentStatusCode(r.status)].vi,
        due: dateText(r.due),
        completedOn: dateText(r.completed_on),
        scorable: Boolean(r.scorable),
        c: numberOrNull(r.c_value),
        q: numberOrNull(r.q_value),
        l: numberOrNull(r.l_value),
        s: numberOrNull(r.s),
      }));
    reports.push({ ranking, context, rulebook, assignments });
  }
  return reports;
}

/** No plan answers the report asked for: the findings say why. */
export class RankingNotFoundError extends NotFoundError {
  constructor(readonly diagnosis: RankingDiagnosis | null) {
    const notes = diagnosis ? findingNotes(diagnosis) : [];
    super(
      `Không có xếp hạng: ${notes.map((n) => n.vi).join('; ')}`,
      `no ranking: ${notes.map((n) => n.en).join('; ')}`,
    );
  }
}
