import type { RecordedEvent } from '@cchc/core';
import { referenceRanking } from '../reference/reference-ranking.ts';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { rankPrecisionOf } from '../rulebook/rulebook-values.ts';
import type { PackCheck } from './pack-checks.ts';
import type { PackRanking, PackScope } from './pack-format.ts';

/** A pack event decoded for the scorer (its stored texts parsed). */
export type PackedEvent = RecordedEvent;

const roundTo = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const shown = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

/**
 * Recomputes the scores from the events in the pack with the pack's rulebook, by the reference
 * fold (reference/reference-ranking.ts, the oracle of the differential tests), and compares them
 * with the ranking in the pack at the rulebook's precision: the unit's score and band, or, for a
 * pack of the whole log, every unit's score, band and rank.
 */
export function checkScores(
  events: readonly PackedEvent[],
  ranking: PackRanking,
  rulebook: Rulebook,
  scope: PackScope,
): PackCheck[] {
  const r = ranking.ranking;
  const digits = rankPrecisionOf(rulebook);
  let recomputed: ReturnType<typeof referenceRanking>;
  try {
    recomputed = referenceRanking(events, r.asOf, r.position, rulebook).filter((row) => row.planId === scope.planId);
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 300) : String(error);
    return [
      {
        kind: 'score',
        subject: scope.unitId ?? scope.planId,
        state: 'fail',
        vi: `không tính lại được điểm từ các sự kiện của gói (${why})`,
        en: `the scores cannot be recomputed from the pack's events (${why})`,
      },
    ];
  }
  const units = scope.unitId === null ? r.rows.map((row) => row.unitId) : [scope.unitId];
  const out: PackCheck[] = [];
  for (const unitId of units) {
    const stated = r.rows.find((row) => row.unitId === unitId);
    const mine = recomputed.find((row) => row.unitId === unitId);
    const statedScore = stated?.score ?? null;
    const myScore = mine?.score ?? null;
    const same =
      stated !== undefined &&
      mine !== undefined &&
      (statedScore === null
        ? myScore === null
        : myScore !== null && roundTo(statedScore, digits) === roundTo(myScore, digits)) &&
      stated.band === mine.band &&
      (scope.unitId !== null || stated.rank === mine.rank);
    out.push(
      same
        ? {
            kind: 'score',
            subject: unitId,
            state: 'pass',
            vi: `${unitId}: điểm tính lại từ sự kiện ${shown(myScore, digits)} (${mine?.band ?? 'chưa xếp hạng'}) khớp xếp hạng`,
            en: `${unitId}: the score recomputed from the events, ${shown(myScore, digits)} (${mine?.band ?? 'unranked'}), matches the ranking`,
          }
        : {
            kind: 'score',
            subject: unitId,
            state: 'fail',
            vi: `${unitId}: điểm tính lại ${shown(myScore, digits)} (${mine?.band ?? '—'}${scope.unitId === null ? `, hạng ${mine?.rank ?? '—'}` : ''}) khác xếp hạng ${shown(statedScore, digits)} (${stated?.band ?? '—'}${scope.unitId === null ? `, hạng ${stated?.rank ?? '—'}` : ''})`,
            en: `${unitId}: the recomputed score ${shown(myScore, digits)} (${mine?.band ?? '—'}${scope.unitId === null ? `, rank ${mine?.rank ?? '—'}` : ''}) differs from the ranking's ${shown(statedScore, digits)} (${stated?.band ?? '—'}${scope.unitId === null ? `, rank ${stated?.rank ?? '—'}` : ''})`,
          },
    );
  }
  if (scope.unitId === null) {
    const extra = recomputed.filter((row) => !r.rows.some((s) => s.unitId === row.unitId));
    for (const row of extra)
      out.push({
        kind: 'score',
        subject: row.unitId,
        state: 'fail',
        vi: `${row.unitId}: có trong kết quả tính lại nhưng không có trong xếp hạng`,
        en: `${row.unitId}: in the recomputed ranking but not in the pack's ranking`,
      });
  }
  return out;
}
