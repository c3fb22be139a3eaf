/**
 * Dates and instants in the plan's zone, Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without
 * daylight saving since 1975, so a fixed offset is exact for every date this product handles.
 */
export const PLAN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 60 * 60 * 1000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export function isLocalDate(text: string): boolean {
  const m = LOCAL_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** The local calendar date of an instant. */
export function localDateOf(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2025-03-10 09:00:00": an instant as a local date and time, for display. */
export function localDateTimeOf(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The local calendar year of an instant. */
export function localYearOf(instant: string | Date): number {
  return Number(localDateOf(instant).slice(0, 4));
}

/** Start of a local day (00:00:00.000 local) as a UTC ISO instant. */
export function startOfLocalDay(date: string): string {
  assertLocalDate(date);
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS).toISOString();
}

/** End of a local day (23:59:59.999 local) as a UTC ISO instant: a date-only deadline means this. */
export function endOfLocalDay(date: string): string {
  assertLocalDate(date);
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - OFFSET_MS).toISOString();
}

/**
 * Parses an instant written with an explicit offset or `Z` ("2025-03-10T09:00:00+07:00"), or a bare
 * local date ("2025-03-10", read as the start of that local day), into the canonical form used in
 * events: UTC, millisecond precision, `Z`. Returns undefined for anything else.
 */
export function normaliseInstant(text: string): string | undefined {
  const trimmed = text.trim();
  if (isLocalDate(trimmed)) return startOfLocalDay(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return undefined;
  const datePart = trimmed.slice(0, 10);
  if (!isLocalDate(datePart)) return undefined;
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString();
}

function assertLocalDate(date: string): void {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
}
