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
 * The one parser for instants: an instant written with an explicit offset or `Z`
 * ("2025-03-10T09:00:00+07:00"), or a bare local date ("2025-03-10"), which means the **end** of
 * that local day (23:59:59.999 Asia/Ho_Chi_Minh: "by 10/3" includes the whole of 10/3), into the
 * canonical form events carry: UTC, millisecond precision, `Z`. Returns undefined for anything else.
 */
export function normaliseInstant(text: string): string | undefined {
  const trimmed = text.trim();
  if (isLocalDate(trimmed)) return endOfLocalDay(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return undefined;
  const datePart = trimmed.slice(0, 10);
  if (!isLocalDate(datePart)) return undefined;
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString();
}

/** Whether an instant is the last millisecond of a local day: what a bare date resolves to. */
export function isEndOfLocalDay(instant: string): boolean {
  return endOfLocalDay(localDateOf(instant)) === new Date(Date.parse(instant)).toISOString();
}

/** Whole local calendar days from one instant's date to another's (positive when `to` is later). */
export function localDaysBetween(from: string | Date, to: string | Date): number {
  const day = (d: string | Date) => Date.parse(`${localDateOf(d)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

function assertLocalDate(date: string): void {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
}
