import type { Rulebook } from './rulebook.ts';

/**
 * What a rulebook's values mean, as plain functions with no file access: browser-safe, so the
 * offline evidence-pack verifier bundles them with the reference scorer (rulebook.ts re-exports them).
 */

/** R-RANK-TIES, R-BANDS: the decimals scores are compared at (2 unless the rulebook says otherwise). */
export function rankPrecisionOf(rulebook: Rulebook): number {
  return rulebook.rankPrecision ?? 2;
}

/**
 * The plan years a rulebook covers: those it has a calendar for. A rulebook of the older shape
 * (a flat `holidays` list) covers the one year most of its holidays fall in (default-2025 lists
 * 1/1/2026 too, for reports late into January: it covers 2025).
 */
export function rulebookYears(rulebook: Rulebook): number[] {
  if (rulebook.calendars) return rulebook.calendars.map((c) => c.year).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const day of rulebook.holidays ?? [])
    counts.set(Number(day.slice(0, 4)), (counts.get(Number(day.slice(0, 4))) ?? 0) + 1);
  const [year] = [...counts].sort(([y1, n1], [y2, n2]) => n2 - n1 || y1 - y2)[0] ?? [];
  return year === undefined ? [] : [year];
}

/** The days off (weekdays) and working weekend days of every year the rulebook covers. */
export function rulebookCalendar(rulebook: Rulebook): { holidays: string[]; workingDays: string[] } {
  if (!rulebook.calendars) return { holidays: [...(rulebook.holidays ?? [])], workingDays: [] };
  return {
    holidays: rulebook.calendars.flatMap((c) => c.holidays.map((h) => h.date)),
    workingDays: rulebook.calendars.flatMap((c) => c.workingDays.map((w) => w.date)),
  };
}

/** R-CUTOFF: the year-end cutoff is the rulebook's day of the plan year, 23:59:59.999 Asia/Ho_Chi_Minh. */
export function yearEndCutoff(rulebook: Rulebook, year: number): string {
  const mm = String(rulebook.cutoff.month).padStart(2, '0');
  const dd = String(rulebook.cutoff.day).padStart(2, '0');
  return new Date(`${year}-${mm}-${dd}T23:59:59.999+07:00`).toISOString();
}
