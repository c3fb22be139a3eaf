import { unitIdSchema, unitKindSchema } from '@cchc/core';
import type { UnitExplanation } from '@cchc/projections';
import { z } from 'zod';
import { agreesWith, eventId, instant, localDate, logPosition, rulebookRef, sha256Hex } from './common.ts';
import { assignmentStatusLabelAnswer } from './plans.ts';
import { rankingRowAnswer } from './rankings.ts';

/** One change in a unit's lineage. */
export const unitChangeAnswer = z.strictObject({
  change: z.enum(['renamed', 'merged', 'split']),
  name: z.string().nullable(),
  previousName: z.string().nullable(),
  intoUnitIds: z.array(unitIdSchema).nullable(),
  successorId: unitIdSchema.nullable(),
  decisionRef: z.string().nullable(),
  occurredAt: instant,
  position: logPosition,
  eventId,
});
export type UnitChange = z.infer<typeof unitChangeAnswer>;

export const unitAnswer = z.strictObject({
  unitId: unitIdSchema,
  establishedName: z.string(),
  kind: unitKindSchema,
  parentId: unitIdSchema.nullable(),
  establishedAt: instant,
  eventId,
  name: z.string().describe('the current name'),
  active: z.boolean().describe('false once merged or split'),
  changes: z.array(unitChangeAnswer),
});
export type Unit = z.infer<typeof unitAnswer>;

/** GET /v1/units */
export const unitListAnswer = z.strictObject({ items: z.array(unitAnswer), position: logPosition });
export type UnitList = z.infer<typeof unitListAnswer>;

/** GET /v1/units/:unitId */
export const unitAtAnswer = unitAnswer.extend({ position: logPosition });
export type UnitAt = z.infer<typeof unitAtAnswer>;

const componentWeights = z.strictObject({ tasks: z.number(), reports: z.number() });
const explained = {
  planId: z.string(),
  year: z.number().int(),
  asOf: instant,
  cutoff: instant,
  provisional: z.boolean(),
  position: logPosition,
  rulebook: rulebookRef,
  inputsHash: sha256Hex,
};

/** GET /v1/units/:unitId/scorecard: the unit's ranking row with its base and weights. */
export const scorecardAnswer = z.strictObject({
  ...explained,
  ...rankingRowAnswer.shape,
  base: z.number().nullable(),
  weights: componentWeights,
});
export type Scorecard = z.infer<typeof scorecardAnswer>;

const eventIds = z.array(eventId);

/** GET /v1/units/:unitId/explanation (projections' UnitExplanation). */
export const explanationAnswer = agreesWith<UnitExplanation>()(
  z.strictObject({
    ...explained,
    unit: rankingRowAnswer,
    weights: componentWeights,
    areas: z.array(
      z.strictObject({ area: z.string(), weight: z.number(), value: z.number(), scorable: z.number().int() }),
    ),
    assignments: z.array(
      z.strictObject({
        taskId: z.string(),
        taskStream: z.string(),
        area: z.string(),
        role: z.string(),
        status: assignmentStatusLabelAnswer,
        deadlineKind: z.string(),
        due: localDate.nullable(),
        scorable: z.boolean(),
        s: z.number().nullable(),
        c: z.number().nullable(),
        q: z.number().nullable(),
        l: z.number().nullable(),
        returns: z.number().int(),
        daysLate: z.number().int(),
        excused: z.boolean(),
        completedOn: localDate.nullable(),
        quartersElapsed: z.number().int(),
        quartersWithProgress: z.number().int(),
        overdue: z.boolean(),
        events: z.strictObject({
          defined: eventId,
          heldBy: eventIds,
          deadlines: eventIds,
          cancelled: eventIds,
          completed: eventId.nullable(),
          returned: eventIds,
          excused: eventIds,
          progress: eventIds,
        }),
      }),
    ),
    reports: z.array(
      z.strictObject({
        period: z.string(),
        due: localDate,
        submittedOn: localDate.nullable(),
        datedBy: z
          .enum(['received_on', 'known_at'])
          .nullable()
          .describe(
            'R-REPORT-RECEIPT: ngày nhận của văn phòng, hay ngày văn phòng biết / the receipt date, or the day known',
          ),
        receivedOn: localDate.nullable(),
        incomingRef: z.string().nullable(),
        knownAt: instant.nullable(),
        submittedBy: z.string().nullable(),
        workingDaysLate: z.number().int(),
        missing: z.boolean(),
        value: z.number(),
        eventId: eventId.nullable(),
      }),
    ),
    recognitions: z.array(
      z.strictObject({
        kind: z.enum(['initiative', 'criticism', 'sanction']),
        level: z.string().nullable(),
        sanctionKind: z.string().nullable(),
        text: z.string().nullable(),
        occurredOn: localDate,
        eventId,
      }),
    ),
    base: z.number().nullable(),
  }),
);
export type Explanation = z.infer<typeof explanationAnswer>;
export type AssignmentExplanation = Explanation['assignments'][number];
export type ReportExplanation = Explanation['reports'][number];
