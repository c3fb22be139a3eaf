import { type DuckDb, NotFoundError, rankingStreamId, ValidationError } from '@cchc/core';
import {
  computeRankings,
  DEFAULT_RULEBOOK,
  parseRulebook,
  type Ranking,
  type Rulebook,
  rulebookKey,
} from '@cchc/projections';
import { z } from 'zod';
import type { Publication } from '../answers/rankings.ts';
import { asOfQuery, planIdParam, yearParam } from '../http/schemas.ts';

/** What a ranking (or a unit's share of it) is computed for: the instant, the plan, the rulebook. */
export const rankingQuery = z
  .object({
    asOf: asOfQuery.optional().describe('mặc định 15/12 23:59:59 của năm / default 15/12 23:59:59 of the year'),
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

export async function rulebookOf(db: DuckDb, key: string | undefined): Promise<Rulebook> {
  if (key === undefined || key === rulebookKey(DEFAULT_RULEBOOK)) return DEFAULT_RULEBOOK;
  const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (!json) throw new NotFoundError(`Không có bộ quy tắc ${key}`, `no rulebook ${key}`);
  return parseRulebook(JSON.parse(json));
}

/** The one ranking a request is about: the year's only plan, or the plan it names. */
export async function rankingFor(db: DuckDb, position: number, q: RankingParams): Promise<Ranking> {
  const rankings = await computeRankings(db, {
    rulebook: await rulebookOf(db, q.rulebook),
    position,
    year: q.year,
    ...(q.asOf ? { asOf: q.asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  });
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

/** explainUnit's query from a unit's score query (the rulebook is resolved apart). */
export function explainQuery(q: { year?: number | undefined; asOf?: string | undefined; planId?: string | undefined }) {
  return {
    ...(q.year !== undefined ? { year: q.year } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  };
}
