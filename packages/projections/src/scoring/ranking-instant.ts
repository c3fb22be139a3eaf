import { normaliseInstant, ValidationError } from '@cchc/core';
import { type Rulebook, yearEndCutoff } from '../rulebook/rulebook.ts';

/** The instant a ranking is computed at, and what it means against the plan year's cutoff. */
export interface RankingInstant {
  /** The instant the ranking is computed at (canonical UTC ISO). */
  readonly asOf: string;
  /** R-CUTOFF: the rulebook's year-end cutoff of the plan year. */
  readonly cutoff: string;
  /** Computed before the cutoff: not the year's final result ("tạm tính"). */
  readonly provisional: boolean;
  /** The instant asked for, when one was (as given, normalised). */
  readonly requested?: string;
  /** The instant asked for lay after now; the ranking is computed at now instead. */
  readonly clampedToNow: boolean;
}

/**
 * Resolves the instant a ranking is computed at. Without a request, the earlier of the cutoff and
 * now; an explicit instant after now is clamped to now (and says so): nothing that has not happened
 * yet is ranked, so nothing not yet due is deducted. `requested` may be a bare local date (the end
 * of that day) or an instant with an offset.
 */
export function resolveRankingInstant(input: {
  readonly rulebook: Rulebook;
  readonly year: number;
  readonly requested?: string;
  readonly now: Date | string;
}): RankingInstant {
  const cutoff = yearEndCutoff(input.rulebook, input.year);
  const now = new Date(input.now).toISOString();
  const earlier = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);
  if (input.requested === undefined) {
    const asOf = earlier(cutoff, now);
    return { asOf, cutoff, provisional: Date.parse(asOf) < Date.parse(cutoff), clampedToNow: false };
  }
  const requested = normaliseInstant(input.requested);
  if (requested === undefined) {
    throw new ValidationError({ vi: 'Thời điểm xếp hạng', en: 'ranking instant' }, [
      { path: 'asOf', message: `thời điểm không hợp lệ / invalid instant: ${JSON.stringify(input.requested)}` },
    ]);
  }
  const clampedToNow = Date.parse(requested) > Date.parse(now);
  const asOf = clampedToNow ? now : requested;
  return { asOf, cutoff, provisional: Date.parse(asOf) < Date.parse(cutoff), requested, clampedToNow };
}
