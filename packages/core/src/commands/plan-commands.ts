import { z } from 'zod';
import { planYearSchema, textSchema } from '../events/domain/common.ts';
import { planIssuedEvent } from '../events/domain/plan-events.ts';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';

/** Commands on the plan stream (`plan-<year>`). */
export const planCommandSchema = z.discriminatedUnion('type', [
  // The plan's fields are exactly those of the event it causes.
  commandSchema('IssuePlan', { at: instantSchema, ...planIssuedEvent.shape.data.shape }),
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
