import {
  type ChangedEvent,
  type PublicationComparison,
  type Ranking,
  type RankingFinding,
  type RankingInContext,
  type RankingRow,
  type RankingVerification,
  rankingNotes,
} from '@cchc/projections';
import { z } from 'zod';
import { checkpointAnswer } from './checkpoints.ts';
import { agreesWith, eventId, instant, logPosition, rulebookRef, sha256Hex } from './common.ts';

/** A unit's row of the ranking (projections' RankingRow). */
export const rankingRowAnswer = agreesWith<RankingRow>()(
  z.strictObject({
    unitId: z.string(),
    unitName: z.string(),
    score: z.number().nullable().describe('null: unranked (nothing scorable, no report due)'),
    band: z.string().nullable(),
    rank: z.number().int().nullable(),
    tasksValue: z.number().nullable(),
    reportsValue: z.number().nullable(),
    scorableAssignments: z.number().int(),
    reportsDue: z.number().int(),
    reportsMissing: z.number().int(),
    bonus: z.number(),
    criticismDeduction: z.number(),
    missingDeduction: z.number(),
    sanctions: z.number().int(),
    overdueAssignments: z.number().int(),
  }),
);

/** A computed ranking (projections' Ranking). */
export const computedRankingAnswer = agreesWith<Ranking>()(
  z.strictObject({
    planId: z.string(),
    year: z.number().int(),
    rulebook: rulebookRef,
    asOf: instant,
    cutoff: instant.describe('mốc chấm điểm của năm (15/12 23:59:59) / the year-end cutoff'),
    provisional: z.boolean().describe('tạm tính: trước mốc / computed before the cutoff'),
    position: logPosition,
    inputsHash: sha256Hex,
    ties: z
      .strictObject({
        precision: z.number().int(),
        rule: z.literal('equal_rounded_scores_share_rank'),
        listedWithinTieBy: z.literal('unit_id'),
      })
      .describe('R-RANK-TIES: điểm bằng nhau khi làm tròn thì đồng hạng / equal rounded scores share a rank'),
    rows: z.array(rankingRowAnswer),
  }),
);

/** A RankingPublished event for the same plan, instant and rulebook as the ranking shown. */
export const publicationAnswer = z.strictObject({
  eventId,
  position: logPosition,
  atPosition: logPosition,
  inputsHash: sha256Hex,
  recordedAt: instant,
  sameResult: z.boolean().describe('same units, scores, bands and ranks as the ranking shown'),
});
export type Publication = z.infer<typeof publicationAnswer>;

const noteAnswer = z.strictObject({ vi: z.string(), en: z.string() });

/** An event counted now that a publication did not count (projections' ChangedEvent). */
const changedEventAnswer = agreesWith<ChangedEvent>()(
  z.strictObject({
    eventId,
    type: z.string(),
    streamId: z.string(),
    position: logPosition,
    occurredAt: instant,
    knownAt: instant,
    recordedAt: instant,
    actor: z.string(),
    source: z.string(),
    reason: z.string().nullable(),
    claimedBy: eventId.nullable(),
  }),
);

/** The latest publication at the same instant and rulebook, beside the ranking (projections' PublicationComparison). */
const comparisonAnswer = agreesWith<PublicationComparison>()(
  z.strictObject({
    published: z.strictObject({
      eventId,
      position: logPosition,
      atPosition: logPosition,
      inputsHash: sha256Hex,
      recordedAt: instant,
    }),
    inputsHash: sha256Hex,
    sameInputsHash: z.boolean(),
    sameRows: z.boolean(),
    changes: z.array(changedEventAnswer),
  }),
);

const leftOut = { planId: z.string() };
/** Why a ranking leaves something out (projections' RankingFinding). */
export const findingAnswer = agreesWith<RankingFinding>()(
  z.discriminatedUnion('code', [
    z.strictObject({ code: z.literal('NO_PLAN'), year: z.number().int().nullable(), planId: z.string().nullable() }),
    z.strictObject({
      code: z.literal('PLAN_KNOWN_AFTER_AS_OF'),
      ...leftOut,
      eventId,
      occurredAt: instant,
      knownAt: instant,
      recordedAt: instant,
      repair: z.literal('knowledge_claim'),
    }),
    z.strictObject({ code: z.literal('PLAN_ISSUED_AFTER_AS_OF'), ...leftOut, eventId, occurredAt: instant }),
    z.strictObject({
      code: z.literal('EVENTS_LEFT_OUT'),
      ...leftOut,
      count: z.number().int(),
      knownAfter: z.number().int(),
      occurredAfter: z.number().int(),
      firstKnownAt: instant.nullable(),
      lastKnownAt: instant.nullable(),
    }),
    z.strictObject({ code: z.literal('EVENTS_AFTER_POSITION'), ...leftOut, count: z.number().int() }),
    z.strictObject({ code: z.literal('NO_UNITS'), ...leftOut }),
  ]),
);

/** GET /v1/rankings/:year */
export const rankingAnswer = computedRankingAnswer.extend({
  requestedAsOf: instant.nullable().describe('thời điểm được hỏi / the instant asked for'),
  clampedToNow: z
    .boolean()
    .describe('thời điểm được hỏi ở tương lai: tính đến bây giờ / asked for a future instant: computed as of now'),
  published: z.array(publicationAnswer),
  publication: comparisonAnswer
    .nullable()
    .describe(
      'bản công bố gần nhất cùng thời điểm, và những gì đã đổi / the latest publication at this instant, and what changed since',
    ),
  findings: z.array(findingAnswer).describe('những gì không được tính, và vì sao / what is left out, and why'),
  notes: z.array(noteAnswer).describe('giải thích cho người đọc / what a reader is told beside the ranking'),
});
export type RankingAnswer = z.infer<typeof rankingAnswer>;

/** The answer of GET /v1/rankings/:year from a ranking in its context. */
export function rankingAnswerOf(context: RankingInContext, published: Publication[]): RankingAnswer {
  return {
    ...context.ranking,
    rows: [...context.ranking.rows],
    requestedAsOf: context.requestedAsOf,
    clampedToNow: context.clampedToNow,
    published,
    publication: context.publication ? { ...context.publication, changes: [...context.publication.changes] } : null,
    findings: [...context.diagnosis.findings],
    notes: rankingNotes(context),
  };
}

/** GET /v1/rankings/:year/published */
export const publishedListAnswer = z.strictObject({
  position: logPosition,
  items: z.array(
    z.strictObject({
      planId: z.string().nullable(),
      eventId,
      position: logPosition,
      asOf: instant,
      atPosition: logPosition,
      inputsHash: sha256Hex,
      rulebookId: z.string(),
      rulebookVersion: z.number().int(),
      recordedAt: instant,
      checkpoint: checkpointAnswer
        .nullable()
        .describe('mốc có chữ ký nhỏ nhất chứa sự kiện công bố / the smallest kept signed checkpoint holding it'),
    }),
  ),
});
export type PublishedList = z.infer<typeof publishedListAnswer>;

/** GET /v1/rankings/published/:eventId/verification (projections' RankingVerification). */
export const verificationAnswer = agreesWith<RankingVerification>()(
  z.strictObject({
    ok: z.boolean(),
    eventId,
    planId: z.string(),
    position: logPosition,
    publishedInputsHash: sha256Hex,
    recomputedInputsHash: sha256Hex,
    sameRows: z.boolean(),
  }),
);
