import { z } from 'zod';
import { localDateSchema } from '../events/domain/common.ts';

/** What a derived criterion measures from the ledger (see docs/department-index.md). */
export const DERIVED_METRICS = [
  /** Tasks completed / tasks due (lead assignments of the plan, as the unit ranking counts them). */
  'plan_completion_rate',
  /** Periodic reports received on time / reports due. */
  'reports_on_time_rate',
  /** Indicators whose latest measurement meets the target / indicators of the plan. */
  'indicator_targets_met_rate',
  /** Initiatives recognised in the year (count). */
  'initiatives_recognised',
  /** Days the plan was issued after its deadline (0 when on time). */
  'plan_issuance_days_late',
] as const;
export const derivedMetricSchema = z.enum(DERIVED_METRICS);
export type DerivedMetric = z.infer<typeof derivedMetricSchema>;

const points = z.number().min(0).max(100);
const criterionIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+){0,3}$/u, 'mã tiêu chí dạng 1.2.a / id like 1.2.a');
const titleSchema = z.string().trim().min(1).max(500);

/** Turns a measured value into points: the first row whose bound holds wins; none holds → 0. */
const thresholdsSchema = z
  .object({
    /** `atLeast`: value ≥ bound (rates, counts); `atMost`: value ≤ bound (days late). */
    compare: z.enum(['atLeast', 'atMost']),
    steps: z.array(z.object({ bound: z.number(), points }).strict()).min(1),
  })
  .strict();

const leafSchema = z.discriminatedUnion('method', [
  z.object({ id: criterionIdSchema, title: titleSchema, max: points, method: z.literal('manual') }).strict(),
  z
    .object({
      id: criterionIdSchema,
      title: titleSchema,
      max: points,
      method: z.literal('derived'),
      metric: derivedMetricSchema,
      thresholds: thresholdsSchema,
    })
    .strict(),
  z.object({ id: criterionIdSchema, title: titleSchema, max: points, method: z.literal('survey') }).strict(),
]);
export type CriterionLeaf = z.infer<typeof leafSchema>;

/** A tiêu chí: scored itself (a leaf) or the sum of its tiêu chí thành phần. */
const criterionSchema = z.union([
  leafSchema,
  z
    .object({ id: criterionIdSchema, title: titleSchema, max: points, subCriteria: z.array(leafSchema).min(1) })
    .strict(),
]);

const areaSchema = z
  .object({ id: criterionIdSchema, title: titleSchema, max: points, criteria: z.array(criterionSchema).min(1) })
  .strict();

/** Step deadlines (local dates); `explanationDays`: calendar days to answer a request for explanation. */
const deadlinesSchema = z
  .object({
    selfAssessment: localDateSchema,
    appraisal: localDateSchema,
    explanationDays: z.number().int().min(1).max(90),
    publication: localDateSchema,
    /** The deadline for issuing the department's own yearly plan (plan_issuance_days_late). */
    planIssuance: localDateSchema,
  })
  .strict();

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * A criteria set (bộ tiêu chí) for departments' CCHC index: data, versioned, immutable per
 * id@version. The tree's maxima must add up: sub-criteria to their criterion, criteria to their
 * area, areas to `total`; threshold points never exceed their leaf's maximum.
 */
export const criteriaSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/u),
    version: z.number().int().min(1),
    title: titleSchema,
    year: z.number().int().min(2000).max(2100),
    /** True for a set that is not a province's decision; the answers say so. */
    example: z.boolean(),
    source: z.string().min(1),
    total: points,
    precision: z.number().int().min(0).max(4),
    deadlines: deadlinesSchema,
    bands: z
      .array(z.object({ name: z.string().min(1), min: z.number().nullable() }).strict())
      .min(1)
      .refine((b) => b[b.length - 1]!.min === null, 'dải cuối phải có min: null / the last band must have min: null'),
    areas: z.array(areaSchema).min(1),
  })
  .strict()
  .superRefine((set, ctx) => {
    const ids = new Set<string>();
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const seen = (id: string) => {
      if (ids.has(id)) issue(`mã tiêu chí trùng ${id} / duplicate criterion id ${id}`);
      ids.add(id);
    };
    let total = 0;
    for (const area of set.areas) {
      seen(area.id);
      total += area.max;
      let sum = 0;
      for (const c of area.criteria) {
        seen(c.id);
        sum += c.max;
        if ('subCriteria' in c) {
          for (const s of c.subCriteria) seen(s.id);
          const subs = c.subCriteria.reduce((a, s) => a + s.max, 0);
          if (!near(subs, c.max))
            issue(
              `${c.id}: tổng tiêu chí thành phần ${subs} ≠ ${c.max} / sub-criteria add up to ${subs}, not ${c.max}`,
            );
        }
      }
      if (!near(sum, area.max))
        issue(`${area.id}: tổng tiêu chí ${sum} ≠ ${area.max} / criteria add up to ${sum}, not ${area.max}`);
    }
    if (!near(total, set.total))
      issue(`tổng lĩnh vực ${total} ≠ ${set.total} / areas add up to ${total}, not ${set.total}`);
    for (const leaf of leavesOf(set)) {
      if (leaf.method === 'derived' && leaf.thresholds.steps.some((s) => s.points > leaf.max)) {
        issue(`${leaf.id}: ngưỡng vượt điểm tối đa / a threshold exceeds the maximum`);
      }
    }
  });

export type CriteriaSet = z.infer<typeof criteriaSetSchema>;

export interface CriteriaSetRef {
  readonly id: string;
  readonly version: number;
}

/** A leaf with the area it belongs to. */
export type PlacedLeaf = CriterionLeaf & { readonly areaId: string };

/** Every scored leaf, in the set's order. */
export function leavesOf(set: Pick<CriteriaSet, 'areas'>): PlacedLeaf[] {
  return set.areas.flatMap((area) =>
    area.criteria.flatMap((c) =>
      'subCriteria' in c ? c.subCriteria.map((s) => ({ ...s, areaId: area.id })) : [{ ...c, areaId: area.id }],
    ),
  );
}

/** Points for a measured value under a derived leaf's thresholds (0 when no step holds). */
export function pointsFor(thresholds: CriterionLeaf & { method: 'derived' }, value: number): number {
  const { compare, steps } = thresholds.thresholds;
  const hit = steps.find((s) => (compare === 'atLeast' ? value >= s.bound : value <= s.bound));
  return hit ? hit.points : 0;
}

export const criteriaSetKey = (ref: CriteriaSetRef): string => `${ref.id}@${ref.version}`;
