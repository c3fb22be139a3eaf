import { criteriaSetSchema } from '@cchc/core';
import type { DepartmentIndex, DepartmentRanking, IndexDossierSummary } from '@cchc/projections';
import { z } from 'zod';
import { agreesWith, eventId, instant, localDate, sha256Hex } from './common.ts';

const totals = { self: z.number(), appraised: z.number(), final: z.number() };
const criteriaSetRef = { id: z.string(), version: z.number().int() };

/** One leaf of the criteria tree with its self, appraised and final points (projections' IndexLeaf). */
export const indexLeafAnswer = z.strictObject({
  areaId: z.string(),
  criterionId: z.string(),
  title: z.string(),
  method: z.enum(['manual', 'derived', 'survey']),
  max: z.number(),
  measured: z.number().nullable().describe('derived: the rate, count or days late measured from the ledger'),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  self: z.number().nullable().describe('null for a survey criterion'),
  appraised: z.number().nullable(),
  final: z.number(),
  scored: z
    .boolean()
    .describe('manual: self-scored; survey: result entered; derived: always (computed from the ledger)'),
  note: z.string().nullable(),
  evidenceFiles: z.array(sha256Hex),
  appraisalReason: z.string().nullable(),
  eventIds: z.array(eventId).describe('the events behind the points'),
});

/** A department's CCHC index as of an instant (projections' DepartmentIndex). */
export const departmentIndexAnswer = agreesWith<DepartmentIndex>()(
  z.strictObject({
    departmentId: z.string(),
    year: z.number().int(),
    planId: z.string(),
    criteriaSet: z.strictObject({ ...criteriaSetRef, example: z.boolean(), title: z.string() }),
    rulebook: z.strictObject(criteriaSetRef),
    asOf: instant,
    position: z.number().int(),
    inputsHash: sha256Hex,
    precision: z.number().int(),
    published: z.strictObject({ final: z.number(), band: z.string() }),
    ...totals,
    areas: z.array(z.strictObject({ areaId: z.string(), title: z.string(), max: z.number(), ...totals })),
    leaves: z.array(indexLeafAnswer),
    status: z.strictObject({
      submitted: z.boolean(),
      submittedLate: z.boolean(),
      submittedAt: instant.nullable().describe('occurredAt of IndexDossierSubmitted'),
      openRequests: z.array(
        z.strictObject({
          requestId: z.string(),
          criterionId: z.string().nullable(),
          question: z.string(),
          answerBy: z.string(),
        }),
      ),
      requests: z
        .array(
          z.strictObject({
            requestId: z.string(),
            criterionId: z.string().nullable(),
            question: z.string(),
            answerBy: localDate,
            requestedAt: instant.describe('occurredAt of ExplanationRequested'),
            requestRecordedAt: instant,
            requestEventId: eventId,
            answer: z
              .strictObject({
                text: z.string(),
                evidenceFiles: z.array(sha256Hex),
                answeredAt: instant.describe('occurredAt of ExplanationAnswered'),
                recordedAt: instant,
                eventId,
              })
              .nullable(),
          }),
        )
        .describe('every request for explanation known at the instant, with its answer'),
      surveyEntered: z.boolean(),
      publication: z.strictObject({ eventId, final: z.number(), band: z.string(), inputsHash: sha256Hex }).nullable(),
    }),
  }),
);

/** Departments ranked by their index (projections' DepartmentRanking). */
export const departmentRankingAnswer = agreesWith<DepartmentRanking>()(
  z.strictObject({
    year: z.number().int(),
    criteriaSet: z.strictObject({ ...criteriaSetRef, example: z.boolean() }),
    asOf: instant,
    position: z.number().int(),
    precision: z.number().int(),
    inputsHash: sha256Hex,
    ties: z.strictObject({
      precision: z.number().int(),
      rule: z.literal('equal_rounded_scores_share_rank'),
      listedWithinTieBy: z.literal('department_id'),
    }),
    rows: z.array(
      z.strictObject({
        departmentId: z.string(),
        planId: z.string(),
        ...totals,
        rounded: z.number(),
        band: z.string(),
        rank: z.number().int(),
        inputsHash: sha256Hex,
      }),
    ),
  }),
);

/** The criteria sets shipped (id@version), marked when an example. */
export const criteriaSetListAnswer = z.strictObject({
  items: z.array(
    z.strictObject({ ...criteriaSetRef, title: z.string(), year: z.number().int(), example: z.boolean() }),
  ),
});

/** A shipped criteria set in full: the tree, maxima, methods, thresholds, bands and step deadlines. */
export const criteriaSetAnswer = criteriaSetSchema;

/** GET /v1/index/:year/departments: the departments holding a dossier for the year. */
export const indexDossierListAnswer = z.strictObject({
  year: z.number().int(),
  asOf: instant,
  position: z.number().int(),
  items: z.array(
    agreesWith<IndexDossierSummary>()(
      z.strictObject({
        departmentId: z.string(),
        criteriaSet: z.strictObject(criteriaSetRef),
        selfScored: z.number().int().describe('manual criteria self-scored'),
        submitted: z.boolean(),
        published: z.boolean(),
      }),
    ),
  ),
});

export type DepartmentIndexAnswer = z.infer<typeof departmentIndexAnswer>;
export type DepartmentRankingAnswer = z.infer<typeof departmentRankingAnswer>;
export type CriteriaSetAnswer = z.infer<typeof criteriaSetAnswer>;
export type CriteriaSetList = z.infer<typeof criteriaSetListAnswer>;
export type IndexDossierList = z.infer<typeof indexDossierListAnswer>;
