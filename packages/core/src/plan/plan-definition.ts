import { z } from 'zod';
import { AREAS, type Area, localDateSchema, REPORT_PERIODS } from '../events/domain/common.ts';
import { deadlineSpecSchema } from './deadline-grammar.ts';
import { UNIT_SCOPES, unitSlugSchema } from './unit-registry.ts';

export const PLAN_AREA_TITLES: Readonly<Record<Area, { vi: string; en: string }>> = {
  I: { vi: 'Cải cách thể chế', en: 'Institutional reform' },
  II: { vi: 'Cải cách thủ tục hành chính', en: 'Administrative procedure reform' },
  III: { vi: 'Cải cách tổ chức bộ máy', en: 'Organisational reform' },
  IV: { vi: 'Cải cách chế độ công vụ', en: 'Civil service reform' },
  V: { vi: 'Cải cách tài chính công', en: 'Public finance reform' },
  VI: { vi: 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', en: 'E-government and digital government' },
  VII: { vi: 'Công tác chỉ đạo điều hành', en: 'Direction and management' },
};

const text = z.string().trim().min(1, 'không được để trống / must not be empty');

export const indicatorDefinitionSchema = z
  .object({
    id: z.string().regex(/^IND-[\p{L}\p{N}-]+$/u, 'mã chỉ tiêu dạng IND-… / indicator id like IND-…'),
    text,
    comparator: z.enum(['>=', '>', '=', '<=', '<']),
    target: z.number().finite(),
    unit: z.literal('%'),
    /** Which way is better: a reduction target ("cắt giảm ít nhất 20%") is `decrease`. */
    direction: z.enum(['increase', 'decrease']).optional(),
  })
  .strict();
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;

export const objectiveSchema = z
  .object({
    id: z
      .string()
      .regex(/^OBJ-\d+[\p{Ll}]?$/u, 'mã mục tiêu dạng OBJ-2 hoặc OBJ-2a / objective id like OBJ-2 or OBJ-2a'),
    /** For a lettered sub-item (OBJ-2a), its numbered item (OBJ-2). */
    parentId: z.string().optional(),
    text,
    indicators: z.array(indicatorDefinitionSchema),
  })
  .strict();
export type Objective = z.infer<typeof objectiveSchema>;

const unitScopeSchema = z.enum(UNIT_SCOPES);

export const planTaskSchema = z
  .object({
    id: z.string().regex(/^(?:I|II|III|IV|V|VI|VII)\.\d+$/u, 'mã nhiệm vụ dạng II.3 / task id like II.3'),
    area: z.enum(AREAS),
    /** The STT within its area. */
    row: z.number().int().positive(),
    title: text,
    product: z.string(),
    deadline: deadlineSpecSchema,
    lead: z.array(unitSlugSchema),
    coordinators: z.array(unitSlugSchema),
    leadScope: unitScopeSchema.optional(),
    coordinatorScope: unitScopeSchema.optional(),
    assignmentText: z.string(),
    /** 1-based lines of the source file the task was read from (a continued row has several). */
    sourceLines: z.array(z.number().int().positive()).min(1),
  })
  .strict()
  .refine((t) => t.id === `${t.area}.${t.row}`, {
    message: 'mã nhiệm vụ phải là lĩnh vực.STT / task id must be area.row',
    path: ['id'],
  });
export type PlanTask = z.infer<typeof planTaskSchema>;

export const reportDueSchema = z.object({ period: z.enum(REPORT_PERIODS), due: localDateSchema }).strict();
export type ReportDue = z.infer<typeof reportDueSchema>;

export const planDefinitionSchema = z
  .object({
    planId: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'mã kế hoạch dạng slug (vd. cchc-2025) / plan id slug (e.g. cchc-2025)'),
    year: z.number().int().min(2000).max(2100),
    title: text,
    issuer: text.optional(),
    decisionRef: text.optional(),
    objectives: z.array(objectiveSchema),
    /** Every indicator of every objective, flattened; ids are unique. */
    indicators: z.array(indicatorDefinitionSchema),
    tasks: z.array(planTaskSchema),
    reportSchedule: z.array(reportDueSchema),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const duplicates = <T>(items: readonly T[], key: (item: T) => string, path: string): void => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `trùng / duplicate: ${k}` });
        seen.add(k);
      });
    };
    duplicates(plan.tasks, (t) => t.id, 'tasks');
    duplicates(plan.objectives, (o) => o.id, 'objectives');
    duplicates(plan.indicators, (i) => i.id, 'indicators');
    duplicates(plan.reportSchedule, (r) => r.period, 'reportSchedule');

    const flattened = new Map(plan.indicators.map((i) => [i.id, JSON.stringify(i)] as const));
    const nested = plan.objectives.flatMap((o) => o.indicators);
    nested.forEach((indicator) => {
      if (flattened.get(indicator.id) !== JSON.stringify(indicator)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators'],
          message: `chỉ tiêu ${indicator.id} của mục tiêu không có (hoặc khác) trong danh sách chỉ tiêu / objective indicator ${indicator.id} is missing from (or differs in) indicators`,
        });
      }
    });
    if (nested.length !== plan.indicators.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message:
          'danh sách chỉ tiêu phải đúng bằng các chỉ tiêu của mục tiêu / indicators must be exactly the objectives’ indicators',
      });
    }
    const objectiveIds = new Set(plan.objectives.map((o) => o.id));
    plan.objectives.forEach((o, i) => {
      if (o.parentId !== undefined && !objectiveIds.has(o.parentId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['objectives', i, 'parentId'],
          message: `mục tiêu cha không tồn tại / parent objective not found: ${o.parentId}`,
        });
      }
    });
  });
export type PlanDefinition = z.infer<typeof planDefinitionSchema>;
