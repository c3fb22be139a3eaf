import { z } from 'zod';
import { indicatorDefinitionSchema } from '../../plan/plan-definition.ts';
import { eventSchema, localDateSchema, planYearSchema, refSchema, reportPeriodSchema, textSchema } from './common.ts';

/** Kế hoạch ban hành: the year's plan, its indicators and its periodic report schedule. */
export const planIssuedEvent = eventSchema('PlanIssued', {
  planId: z.string().min(1).max(100),
  year: planYearSchema,
  title: textSchema,
  decisionRef: refSchema.optional(),
  indicators: z.array(indicatorDefinitionSchema).default([]),
  reportSchedule: z.array(z.object({ period: reportPeriodSchema, due: localDateSchema }).strict()).default([]),
});

/** Chỉ tiêu đo được: a measured value of an indicator. */
export const indicatorMeasuredEvent = eventSchema('IndicatorMeasured', {
  planYear: planYearSchema,
  indicatorId: z.string().min(1).max(100),
  value: z.number().finite(),
  period: z.string().min(1).max(20).optional(),
  unitId: z.string().min(1).max(200).optional(),
  note: textSchema.optional(),
});

export const rankingPublishedEvent = eventSchema('RankingPublished', {
  year: planYearSchema,
  planId: z.string().min(1).max(100).optional(),
  rulebook: z.object({ id: z.string().min(1), version: z.number().int().min(1) }).strict(),
  asOf: z.string().min(1),
  position: z.number().int().min(0),
  inputsHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Hash of the log's event at `position`: anchors the hash chain where the ranking was computed. */
  logHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  rows: z
    .array(
      z
        .object({
          unitId: z.string().min(1),
          score: z.number().nullable(),
          band: z.string().nullable(),
          rank: z.number().int().nullable(),
        })
        .strict(),
    )
    .default([]),
});

/**
 * A claim, recorded later, that the office knew events at an earlier instant (the repair of history
 * entered live when it was in fact known long before, e.g. a past year's plan applied without
 * --backfill). The claim itself is a backfill whose metadata carries the same `knownAt`, with who
 * and why: "as known at T" counts the listed events once the claim counts (R-AS-KNOWN).
 */
export const knowledgeClaimedEvent = eventSchema('KnowledgeClaimed', {
  planYear: planYearSchema,
  eventIds: z.array(z.uuid()).min(1).max(10_000),
  knownAt: z.iso.datetime(),
  reason: textSchema,
});
