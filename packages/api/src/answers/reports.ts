import { reportPeriodSchema, unitIdSchema } from '@cchc/core';
import { z } from 'zod';
import { asOfListOf, count, eventId, instant, localDate } from './common.ts';
import { planIdOfTask } from './plans.ts';

/** A periodic report due by the instant: on time, late (working days) or missing. */
export const reportItemAnswer = z.strictObject({
  planId: planIdOfTask,
  year: z.number().int(),
  unitId: unitIdSchema,
  period: reportPeriodSchema,
  due: localDate,
  submittedAt: instant.nullable(),
  submittedOn: localDate.nullable().describe('the receipt date the office records'),
  submittedBy: z.string().nullable(),
  eventId: eventId.nullable(),
  workingDaysLate: count,
  missing: z.boolean(),
  value: z.number().describe('its share of the reports component, 0–1'),
});
export type ReportItem = z.infer<typeof reportItemAnswer>;

/** GET /v1/reports */
export const reportListAnswer = asOfListOf(reportItemAnswer);
export type ReportList = z.infer<typeof reportListAnswer>;
