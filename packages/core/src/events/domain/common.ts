import { z } from 'zod';
import { isLocalDate } from '../../time/local-time.ts';
import { identifierSchema } from '../envelope.ts';

export const AREAS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'] as const;
export const areaSchema = z.enum(AREAS);
export type Area = z.infer<typeof areaSchema>;

/** Task ids are the plan's own: area + row, "II.3". */
export const taskIdSchema = z
  .string()
  .regex(/^(I|II|III|IV|V|VI|VII)\.\d{1,3}[a-z]?$/, 'mã nhiệm vụ dạng II.3 / task id like II.3');
export const unitIdSchema = identifierSchema;
export const planYearSchema = z.number().int().min(2000).max(2100);
/** A calendar date that exists, YYYY-MM-DD (local to Asia/Ho_Chi_Minh). */
export const localDateSchema = z
  .string()
  .refine(isLocalDate, 'ngày không hợp lệ (YYYY-MM-DD) / invalid date (YYYY-MM-DD)');
export const textSchema = z.string().trim().min(1).max(2000);
export const refSchema = z.string().trim().min(1).max(200);

export const ROLES = ['lead', 'coordinator'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const REPORT_PERIODS = ['Q1', 'H1', 'Q3', 'Y'] as const;
export const reportPeriodSchema = z.enum(REPORT_PERIODS);
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

export const UNIT_KINDS = ['van_phong', 'phong', 'chi_cuc', 'trung_tam', 'chi_nhanh'] as const;
export const unitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKindSchema>;

/** Khiển trách and anything heavier put the unit in band Yếu for the year. */
export const SANCTION_KINDS = [
  'khien_trach',
  'canh_cao',
  'ha_bac_luong',
  'giang_chuc',
  'cach_chuc',
  'buoc_thoi_viec',
] as const;
export const sanctionKindSchema = z.enum(SANCTION_KINDS);

export const INITIATIVE_LEVELS = ['department', 'province'] as const;
export const initiativeLevelSchema = z.enum(INITIATIVE_LEVELS);

/** Helper: one event type = one zod object with a literal `type` and a strict `data`. */
export function eventSchema<const T extends string, S extends z.ZodRawShape>(type: T, data: S) {
  return z.object({ type: z.literal(type), data: z.object(data).strict() });
}
