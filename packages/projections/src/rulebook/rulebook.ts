import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AREAS, CchcError, localDateSchema, parseOrThrow, SANCTION_KINDS } from '@cchc/core';
import { z } from 'zod';
import { type Calendar, calendarIdSchema, calendarSchema, SHIPPED_CALENDARS } from './calendar.ts';
import { RULE_IDS } from './rule-ids.ts';
import { rulebookYears } from './rulebook-values.ts';

export { rankPrecisionOf, rulebookCalendar, rulebookYears, yearEndCutoff } from './rulebook-values.ts';

const weight = z.number().min(0).max(1000);
const fraction = z.number().min(0).max(1);

/** The value at a dotted path of plain objects, if there is one. */
function hasPath(value: unknown, path: string): boolean {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return false;
    current = Object.getOwnPropertyDescriptor(current, key)?.value;
  }
  return true;
}

/**
 * A scoring rulebook: data, versioned, validated. A ranking records the id and version it used.
 * See docs/scoring.md for what each number means.
 *
 * `rules` maps rule ids (rule-ids.ts) to the parameters each reads, for whoever edits the file. It
 * is checked (known ids, existing parameters) and then dropped: it is not part of the rulebook's
 * content, so it changes neither the stored rulebook nor any ranking's inputs hash.
 *
 * Working days come from `calendars` (one per plan year it covers: a shipped calendar's id, or a
 * calendar written out), resolved into the content, so editing a calendar means a new version. A
 * rulebook written before calendars existed has a flat `holidays` list instead (see rulebookYears).
 * `rankPrecision` (decimals; 2 when absent, read through rankPrecisionOf) decides ties and bands.
 * Optional fields absent from the file stay absent, so an older rulebook's content is unchanged.
 */
export const rulebookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/),
    version: z.number().int().min(1),
    title: z.string().min(1),
    components: z.object({ tasks: weight, reports: weight }).strict(),
    areaWeights: z
      .object(Object.fromEntries(AREAS.map((a) => [a, weight])) as Record<(typeof AREAS)[number], typeof weight>)
      .strict(),
    assignment: z
      .object({ returnPenalty: fraction, latePenaltyPerBlock: fraction, lateBlockDays: z.number().int().min(1) })
      .strict(),
    reports: z
      .object({
        latePenaltyPerBlock: fraction,
        lateBlockWorkingDays: z.number().int().min(1),
        missingDeduction: z.number().min(0),
      })
      .strict(),
    bonus: z.object({ department: z.number().min(0), province: z.number().min(0), cap: z.number().min(0) }).strict(),
    deductions: z.object({ criticism: z.number().min(0) }).strict(),
    bands: z
      .array(
        z
          .object({ name: z.string().min(1), min: z.number().nullable(), requiresNoOverdue: z.boolean().optional() })
          .strict(),
      )
      .min(1)
      .refine(
        (bands) => bands.length === 0 || bands[bands.length - 1]!.min === null,
        'dải cuối phải không có ngưỡng (min: null) / the last band must have min: null',
      ),
    sanction: z.object({ band: z.string().min(1), kinds: z.array(z.enum(SANCTION_KINDS)) }).strict(),
    cutoff: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).strict(),
    holidays: z.array(localDateSchema).optional(),
    holidayNote: z.string().optional(),
    calendars: z
      .array(z.union([calendarIdSchema, calendarSchema]))
      .min(1)
      .transform((list, ctx) =>
        list.map((entry): Calendar => {
          if (typeof entry !== 'string') return entry;
          const shipped = SHIPPED_CALENDARS.get(entry);
          if (!shipped) {
            ctx.addIssue({
              code: 'custom',
              message: `không có lịch ${entry} (có: ${[...SHIPPED_CALENDARS.keys()].join(', ')}) / no calendar ${entry}`,
            });
            return z.NEVER;
          }
          return shipped;
        }),
      )
      .optional(),
    rankPrecision: z.number().int().min(0).max(9).optional(),
    rules: z.partialRecord(z.enum(RULE_IDS), z.array(z.string().min(1))).optional(),
  })
  .strict()
  .refine((r) => (r.holidays === undefined) !== (r.calendars === undefined), {
    message: 'cần đúng một trong calendars hoặc holidays / exactly one of calendars or holidays',
    path: ['calendars'],
  })
  .refine((r) => new Set(r.calendars?.map((c) => c.year)).size === (r.calendars?.length ?? 0), {
    message: 'mỗi năm một lịch / one calendar per year',
    path: ['calendars'],
  })
  .refine((r) => r.bands.some((b) => b.name === r.sanction.band), {
    message: 'sanction.band phải là một dải / must be one of the bands',
    path: ['sanction', 'band'],
  })
  .superRefine((r, ctx) => {
    for (const [id, params] of Object.entries(r.rules ?? {})) {
      for (const param of params ?? []) {
        if (!hasPath(r, param) || param.startsWith('rules')) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', id],
            message: `không có tham số ${param} / no parameter ${param}`,
          });
        }
      }
    }
  })
  .transform(({ rules: _rules, ...rulebook }) => rulebook);

export type Rulebook = z.infer<typeof rulebookSchema>;

export function parseRulebook(value: unknown): Rulebook {
  return parseOrThrow(rulebookSchema, value, { vi: 'bộ quy tắc chấm điểm', en: 'scoring rulebook' });
}

const shipped = (file: string): Rulebook =>
  parseRulebook(JSON.parse(readFileSync(fileURLToPath(new URL(`../../rulebooks/${file}`, import.meta.url)), 'utf8')));

/** `default-2025` v1, exactly as DESIGN.md states it (its content has not changed since rankings were published with it). */
export const DEFAULT_RULEBOOK: Rulebook = shipped('default-2025.json');

/** `default-2026` v1: the same rules, the 2026 calendar, ties decided at 2 decimals. */
export const DEFAULT_RULEBOOK_2026: Rulebook = shipped('default-2026.json');

/** The shipped defaults; each covers the plan years it has a calendar for. */
export const DEFAULT_RULEBOOKS: readonly Rulebook[] = [DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_2026];

/** A plan year no rulebook at hand covers: ranking it would count working days on another year's calendar. */
export class RulebookYearNotCoveredError extends CchcError {
  readonly code = 'RULEBOOK_YEAR_NOT_COVERED';
  constructor(
    readonly year: number,
    readonly rulebooks: readonly { readonly key: string; readonly years: readonly number[] }[],
  ) {
    const list = rulebooks.map((r) => `${r.key} (${r.years.join(', ') || '—'})`).join('; ');
    super(
      `Không có bộ quy tắc cho năm ${year}: ${list} không có lịch năm ${year}; hãy dùng --rulebook với bộ quy tắc có lịch năm đó`,
      `no rulebook covers ${year}: ${list} has no ${year} calendar; use --rulebook with a rulebook that has one`,
    );
  }

  override details(): Record<string, unknown> {
    return { year: this.year, rulebooks: this.rulebooks };
  }
}

const coverage = (rulebook: Rulebook) => ({
  key: `${rulebook.id}@${rulebook.version}`,
  years: rulebookYears(rulebook),
});

/** Refuses a plan year the rulebook has no calendar for, naming both. */
export function assertRulebookCovers(rulebook: Rulebook, year: number): void {
  if (!rulebookYears(rulebook).includes(year)) throw new RulebookYearNotCoveredError(year, [coverage(rulebook)]);
}

/** The shipped default rulebook for a plan year; refused (naming the defaults) when none covers it. */
export function rankingRulebookFor(year: number): Rulebook {
  const found = DEFAULT_RULEBOOKS.find((r) => rulebookYears(r).includes(year));
  if (!found) throw new RulebookYearNotCoveredError(year, DEFAULT_RULEBOOKS.map(coverage));
  return found;
}
