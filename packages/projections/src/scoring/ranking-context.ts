import type { DuckDb } from '@cchc/core';
import { normaliseInstant, ValidationError } from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { compareWithPublished, type PublicationComparison } from './publication-changes.ts';
import { diagnoseRanking, type RankingDiagnosis } from './ranking-diagnosis.ts';
import { computeRankings, projectedPosition, type Ranking, UnknownPlanError } from './ranking-service.ts';

/** A ranking with what every surface (CLI, API, dashboard, XLSX) must say beside it. */
export interface RankingInContext {
  readonly ranking: Ranking;
  /** The instant asked for, when one was; `clampedToNow` when it lay in the future. */
  readonly requestedAsOf: string | null;
  readonly clampedToNow: boolean;
  /** The latest publication at the same instant and rulebook, and what changed since (null: none). */
  readonly publication: PublicationComparison | null;
  /** What the ranking leaves out, and why (plan known later, events known or occurred after T). */
  readonly diagnosis: RankingDiagnosis;
}

export interface RankingsInContext {
  readonly rankings: readonly RankingInContext[];
  /** When no plan answers the query at all: why. */
  readonly diagnosis: RankingDiagnosis | null;
}

export interface RankingContextQuery {
  readonly year?: number;
  readonly planId?: string;
  /** Default: the shipped default of each plan's year. */
  readonly rulebook?: Rulebook;
  /** The instant asked for (a bare date is the end of that day); default: the earlier of the cutoff and now. */
  readonly requested?: string;
  readonly now: Date | string;
  readonly position?: number;
}

/**
 * The rankings a surface shows, each with its instant resolved the one way (R-CUTOFF: the earlier
 * of the cutoff and now, an explicit future instant clamped to now), its comparison with what was
 * published at the same instant, and the diagnosis of what it leaves out. A query no plan answers
 * comes back empty with the diagnosis of why.
 */
export async function rankingsInContext(db: DuckDb, query: RankingContextQuery): Promise<RankingsInContext> {
  const now = new Date(query.now).toISOString();
  const position = query.position ?? (await projectedPosition(db));
  const requested = query.requested === undefined ? undefined : clampToNow(query.requested, now);
  let rankings: Ranking[];
  try {
    rankings = await computeRankings(db, {
      ...(query.rulebook ? { rulebook: query.rulebook } : {}),
      ...(requested ? { asOf: requested.asOf } : {}),
      now,
      position,
      ...(query.year !== undefined ? { year: query.year } : {}),
      ...(query.planId !== undefined ? { planId: query.planId } : {}),
    });
  } catch (error) {
    if (!(error instanceof UnknownPlanError)) throw error;
    const asOf = requested?.asOf ?? now;
    return {
      rankings: [],
      diagnosis: await diagnoseRanking(db, {
        ...(query.year !== undefined ? { year: query.year } : {}),
        ...(query.planId !== undefined ? { planId: query.planId } : {}),
        asOf,
        position,
      }),
    };
  }
  const out: RankingInContext[] = [];
  for (const ranking of rankings) {
    out.push({
      ranking,
      requestedAsOf: requested?.requested ?? null,
      clampedToNow: requested?.clampedToNow ?? false,
      publication: await compareWithPublished(db, ranking),
      // A ranking's rows are its plan's population, one per unit: with rows, it is not empty.
      diagnosis: await diagnoseRanking(db, {
        planId: ranking.planId,
        asOf: ranking.asOf,
        position: ranking.position,
        populated: ranking.rows.length > 0,
      }),
    });
  }
  return { rankings: out, diagnosis: null };
}

/** An instant asked for, normalised, and clamped to now when it lies in the future (R-CUTOFF). */
export function clampToNow(text: string, now: string): { asOf: string; requested: string; clampedToNow: boolean } {
  const requested = normaliseInstant(text);
  if (requested === undefined) {
    throw new ValidationError({ vi: 'Thời điểm xếp hạng', en: 'ranking instant' }, [
      { path: 'asOf', message: `thời điểm không hợp lệ / invalid instant: ${JSON.stringify(text)}` },
    ]);
  }
  const clampedToNow = Date.parse(requested) > Date.parse(now);
  return { asOf: clampedToNow ? now : requested, requested, clampedToNow };
}
