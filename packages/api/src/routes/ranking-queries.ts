import { type DuckDb, NotFoundError, rankingStreamId, ValidationError } from '@cchc/core';
import {
  clampToNow,
  DEFAULT_RULEBOOKS,
  findingNotes,
  parseRulebook,
  type Ranking,
  type RankingDiagnosis,
  type RankingInContext,
  type Rulebook,
  rankingsInContext,
  rulebookKey,
} from '@cchc/projections';
import { z } from 'zod';
import type { Publication } from '../answers/rankings.ts';
import { asOfQuery, planIdParam, yearParam } from '../http/schemas.ts';

/** What a ranking (or a unit's share of it) is computed for: the instant, the plan, the rulebook. */
export const rankingQuery = z
  .object({
    asOf: asOfQuery
      .optional()
      .describe(
        'mặc định: mốc 15/12 23:59:59 của năm, hoặc bây giờ nếu chưa đến (tạm tính); thời điểm tương lai được tính đến bây giờ / default: the 15/12 23:59:59 cutoff of the year, or now before it (provisional); a future instant is computed as of now',
      ),
    planId: planIdParam.optional(),
    rulebook: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}@\d{1,6}$/, 'bộ quy tắc dạng id@phiên bản / rulebook as id@version')
      .optional(),
  })
  .strict();
type RankingParams = z.infer<typeof rankingQuery> & { year: number };

/** A unit's scorecard or explanation: the ranking query and the plan year (default: the only plan). */
export const unitScoreQuery = z.object({ year: yearParam.optional(), ...rankingQuery.shape }).strict();

/** The rulebook a request names (id@version); none named: the plan year's shipped default (undefined). */
export async function rulebookOf(db: DuckDb, key: string | undefined): Promise<Rulebook | undefined> {
  if (key === undefined) return undefined;
  const shipped = DEFAULT_RULEBOOKS.find((r) => rulebookKey(r) === key);
  if (shipped) return shipped;
  const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (!json) throw new NotFoundError(`Không có bộ quy tắc ${key}`, `no rulebook ${key}`);
  return parseRulebook(JSON.parse(json));
}

/**
 * The one ranking a request is about (the year's only plan, or the plan it names) in its context:
 * the instant resolved as everywhere (the cutoff, or now before it; a future one clamped to now),
 * the publication at that instant, what it leaves out. No plan answers: a 404 saying why.
 */
export async function rankingFor(
  db: DuckDb,
  position: number,
  q: RankingParams,
  now: string,
): Promise<RankingInContext> {
  const rulebook = await rulebookOf(db, q.rulebook);
  const { rankings, diagnosis } = await rankingsInContext(db, {
    position,
    now,
    year: q.year,
    ...(rulebook ? { rulebook } : {}),
    ...(q.asOf ? { requested: q.asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  });
  if (rankings.length === 0) throw new RankingUnavailableError(diagnosis!);
  if (rankings.length > 1) {
    throw new ValidationError({ vi: 'Yêu cầu', en: 'request' }, [
      {
        path: 'planId',
        message: `năm ${q.year} có ${rankings.length} kế hoạch, hãy chọn một / the year has ${rankings.length} plans, pick one`,
      },
    ]);
  }
  return rankings[0]!;
}

/** No plan answers the ranking asked for: the findings say why, and how to repair it. */
export class RankingUnavailableError extends NotFoundError {
  constructor(readonly diagnosis: RankingDiagnosis) {
    const notes = findingNotes(diagnosis);
    super(
      `Không có xếp hạng: ${notes.map((n) => n.vi).join('; ')}`,
      `no ranking: ${notes.map((n) => n.en).join('; ')}`,
    );
  }
  override details(): Record<string, unknown> {
    return { findings: this.diagnosis.findings };
  }
}

/** The publications of this plan's ranking for the same instant and rulebook, compared with it. */
export async function publicationsOf(db: DuckDb, ranking: Ranking, position: number): Promise<Publication[]> {
  const rows = await db.rows<{ eventId: string; position: number; recordedAt: Date; data: string }>(
    `SELECT event_id::VARCHAR AS "eventId", global_position AS position, recorded_at AS "recordedAt", data::VARCHAR AS data
     FROM events WHERE stream_id = $1 AND type = 'RankingPublished' AND global_position <= $2::BIGINT ORDER BY global_position`,
    [rankingStreamId(ranking.planId), position],
  );
  const shown = JSON.stringify(ranking.rows.map((r) => [r.unitId, r.score, r.band, r.rank]));
  return rows.flatMap((row) => {
    const p = JSON.parse(row.data) as {
      asOf: string;
      position: number;
      inputsHash: string;
      rulebook: { id: string; version: number };
      rows: { unitId: string; score: number | null; band: string | null; rank: number | null }[];
    };
    if (
      new Date(p.asOf).toISOString() !== ranking.asOf ||
      p.rulebook.id !== ranking.rulebook.id ||
      p.rulebook.version !== ranking.rulebook.version
    )
      return [];
    return [
      {
        eventId: row.eventId,
        position: row.position,
        atPosition: p.position,
        inputsHash: p.inputsHash,
        recordedAt: new Date(row.recordedAt).toISOString(),
        sameResult: JSON.stringify(p.rows.map((r) => [r.unitId, r.score, r.band, r.rank])) === shown,
      },
    ];
  });
}

/**
 * explainUnit's query from a unit's score query (the rulebook is resolved apart): the instant as
 * every ranking resolves it (a future one clamped to now; none, the cutoff or now before it).
 */
export function explainQuery(
  q: { year?: number | undefined; asOf?: string | undefined; planId?: string | undefined },
  now: string,
) {
  return {
    now,
    ...(q.year !== undefined ? { year: q.year } : {}),
    ...(q.asOf ? { asOf: clampToNow(q.asOf, now).asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  };
}
