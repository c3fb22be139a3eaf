import { describe, expect, it } from 'vitest';
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_2026 } from '../rulebook/rulebook.ts';
import { resolveRankingInstant } from './ranking-instant.ts';

const CUTOFF_2026 = '2026-12-15T16:59:59.999Z';
const rulebook = DEFAULT_RULEBOOK_2026;
const year = 2026;

describe('the instant a ranking is computed at', () => {
  it('is by default the earlier of the cutoff and now, provisional before the cutoff', () => {
    const before = '2026-12-01T03:00:00.000Z';
    expect(resolveRankingInstant({ rulebook, year, now: before })).toEqual({
      asOf: before,
      cutoff: CUTOFF_2026,
      provisional: true,
      clampedToNow: false,
    });
    expect(resolveRankingInstant({ rulebook, year, now: new Date('2027-01-10T00:00:00Z') })).toEqual({
      asOf: CUTOFF_2026,
      cutoff: CUTOFF_2026,
      provisional: false,
      clampedToNow: false,
    });
  });

  it('is the instant asked for when it has passed (a bare date: the end of that local day), provisional before the cutoff', () => {
    const now = '2027-01-10T00:00:00.000Z';
    expect(resolveRankingInstant({ rulebook, year, requested: '2026-06-30', now })).toEqual({
      asOf: '2026-06-30T16:59:59.999Z',
      cutoff: CUTOFF_2026,
      provisional: true,
      requested: '2026-06-30T16:59:59.999Z',
      clampedToNow: false,
    });
    // 15/12 as a bare date is the cutoff itself (issue 12, observation 1), not 00:00 of that day.
    expect(resolveRankingInstant({ rulebook, year, requested: '2026-12-15', now })).toMatchObject({
      asOf: CUTOFF_2026,
      provisional: false,
    });
  });

  it('clamps an instant after now to now and says so, keeping what was asked', () => {
    const now = '2026-12-01T03:00:00.000Z';
    expect(resolveRankingInstant({ rulebook, year, requested: '2026-12-15T23:59:59+07:00', now })).toEqual({
      asOf: now,
      cutoff: CUTOFF_2026,
      provisional: true,
      requested: '2026-12-15T16:59:59.000Z',
      clampedToNow: true,
    });
  });

  it('refuses what is not an instant', () => {
    expect(() => resolveRankingInstant({ rulebook, year, requested: '15/12/2026', now: new Date() })).toThrow(
      'invalid instant',
    );
  });

  it('takes the cutoff from the rulebook', () => {
    expect(resolveRankingInstant({ rulebook: DEFAULT_RULEBOOK, year: 2025, now: '2026-01-01T00:00:00Z' }).cutoff).toBe(
      '2025-12-15T16:59:59.999Z',
    );
  });
});
