import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDateSchema, parseOrThrow } from '@cchc/core';
import { z } from 'zod';

/**
 * A year's official calendar for civil servants: the weekdays that are days off (public holidays,
 * compensatory and swapped days) and the weekend days that are working days (làm bù), with the
 * notices they come from. Working days (R-REPORT-TIMELINESS) are Mon–Fri not in `holidays`, plus
 * `workingDays`. Calendars are data: `packages/projections/calendars/<id>.json`.
 */
const dayEntry = z.object({ date: localDateSchema, name: z.string().min(1) }).strict();

export const calendarIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export const calendarSchema = z
  .object({
    id: calendarIdSchema,
    year: z.number().int().min(2000).max(2100),
    title: z.string().min(1),
    holidays: z.array(dayEntry),
    workingDays: z.array(dayEntry),
    sources: z.array(z.string().min(1)).min(1),
    /** What could not be confirmed from a source, and was therefore left out. */
    unverified: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine((calendar, ctx) => {
    const seen = new Set<string>();
    const check = (list: 'holidays' | 'workingDays', weekday: (d: number) => boolean, what: string) =>
      calendar[list].forEach(({ date }, i) => {
        const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message });
        if (!date.startsWith(`${calendar.year}-`))
          issue(`${date} không thuộc năm ${calendar.year} / not in ${calendar.year}`);
        if (!weekday(isoWeekday(date))) issue(`${date} không phải ${what}`);
        if (seen.has(date)) issue(`${date} ghi hai lần / listed twice`);
        seen.add(date);
      });
    check('holidays', (d) => d <= 5, 'ngày thứ Hai–Sáu / a weekday (weekends are days off already)');
    check('workingDays', (d) => d >= 6, 'thứ Bảy/Chủ nhật / a weekend day (weekdays are working days already)');
  });

export type Calendar = z.infer<typeof calendarSchema>;

const CALENDARS_DIR = fileURLToPath(new URL('../../calendars/', import.meta.url));

/** The calendars shipped with the package, by id. */
export const SHIPPED_CALENDARS: ReadonlyMap<string, Calendar> = new Map(
  readdirSync(CALENDARS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const calendar = parseOrThrow(calendarSchema, JSON.parse(readFileSync(join(CALENDARS_DIR, f), 'utf8')), {
        vi: `lịch ${f}`,
        en: `calendar ${f}`,
      });
      if (`${calendar.id}.json` !== f) throw new TypeError(`calendar ${f} has id ${calendar.id}`);
      return [calendar.id, calendar] as const;
    }),
);
