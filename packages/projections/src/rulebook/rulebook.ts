import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AREAS, localDateSchema, parseOrThrow, SANCTION_KINDS } from '@cchc/core';
import { z } from 'zod';
import { RULE_IDS } from './rule-ids.ts';

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
    holidays: z.array(localDateSchema),
    holidayNote: z.string().optional(),
    rules: z.partialRecord(z.enum(RULE_IDS), z.array(z.string().min(1))).optional(),
  })
  .strict()
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

const DEFAULT_PATH = fileURLToPath(new URL('../../rulebooks/default-2025.json', import.meta.url));

/** `default-2025` v1, exactly as DESIGN.md states it. */
export const DEFAULT_RULEBOOK: Rulebook = parseRulebook(JSON.parse(readFileSync(DEFAULT_PATH, 'utf8')));

/** R-CUTOFF: the year-end cutoff is the rulebook's day of the plan year, 23:59:59.999 Asia/Ho_Chi_Minh. */
export function yearEndCutoff(rulebook: Rulebook, year: number): string {
  const mm = String(rulebook.cutoff.month).padStart(2, '0');
  const dd = String(rulebook.cutoff.day).padStart(2, '0');
  return new Date(`${year}-${mm}-${dd}T23:59:59.999+07:00`).toISOString();
}
