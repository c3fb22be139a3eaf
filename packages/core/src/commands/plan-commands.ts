import { z } from 'zod';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';
import { localDateSchema, planYearSchema, refSchema, reportPeriodSchema, textSchema } from '../events/domain/common.ts';
import { indicatorDefinitionSchema } from '../plan/plan-definition.ts';

/** Commands on the plan stream (`plan-<year>`). */
export const planCommandSchema = z.discriminatedUnion('type', [
  commandSchema('IssuePlan', {
    at: instantSchema,
    planId: z.string().min(1).max(100),
    year: planYearSchema,
    title: textSchema,
    decisionRef: refSchema.optional(),
    indicators: z.array(indicatorDefinitionSchema).default([]),
    reportSchedule: z.array(z.object({ period: reportPeriodSchema, due: localDateSchema }).strict()).default([]),
  }),
  commandSchema('RecordIndicator', {
    at: instantSchema,
    year: planYearSchema,
    indicatorId: z.string().min(1).max(100),
    value: z.number().finite(),
    period: z.string().min(1).max(20).optional(),
    unitId: z.string().min(1).max(200).optional(),
    note: textSchema.optional(),
  }),
]);

export type PlanCommand = z.infer<typeof planCommandSchema>;
