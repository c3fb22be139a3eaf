import { indicatorDefinitionSchema } from '@cchc/core';
import { z } from 'zod';
import { asOfListOf, count, eventId, localDateTime } from './common.ts';
import { planIdOfTask } from './plans.ts';

const definition = indicatorDefinitionSchema.shape;

/** An indicator's latest value as known at the instant, against its target. */
export const indicatorAnswer = z.strictObject({
  planId: planIdOfTask,
  year: z.number().int(),
  indicatorId: definition.id,
  text: z.string(),
  comparator: definition.comparator,
  target: z.number(),
  unit: definition.unit.nullable(),
  direction: definition.direction.unwrap().nullable(),
  value: z.number().nullable(),
  period: z.string().nullable(),
  measuredLocal: localDateTime.nullable(),
  measurements: count.nullable().describe('null until measured'),
  eventId: eventId.nullable(),
  met: z.boolean().nullable().describe('null until measured'),
});
export type Indicator = z.infer<typeof indicatorAnswer>;

/** GET /v1/indicators */
export const indicatorListAnswer = asOfListOf(indicatorAnswer);
export type IndicatorList = z.infer<typeof indicatorListAnswer>;
