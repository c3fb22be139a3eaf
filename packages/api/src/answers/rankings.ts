import type { Ranking, RankingRow, RankingVerification } from '@cchc/projections';
import { z } from 'zod';
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
    position: logPosition,
    inputsHash: sha256Hex,
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

/** GET /v1/rankings/:year */
export const rankingAnswer = computedRankingAnswer.extend({ published: z.array(publicationAnswer) });
export type RankingAnswer = z.infer<typeof rankingAnswer>;

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
