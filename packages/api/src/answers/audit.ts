import { type ChainVerification, EVENT_SOURCES } from '@cchc/core';
import { z } from 'zod';
import {
  agreesWith,
  eventId,
  localDateTime,
  logPosition,
  nextCursor,
  pageOf,
  recordedEventAnswer,
  sha256Hex,
} from './common.ts';

/** An event recorded more than N days after it happened. */
export const backDatedEventAnswer = z.strictObject({
  position: logPosition,
  streamId: z.string(),
  type: z.string(),
  unitId: z.string().nullable(),
  taskId: z.string().nullable(),
  actor: z.string(),
  source: z.enum(EVENT_SOURCES),
  occurredLocal: localDateTime,
  recordedLocal: localDateTime,
  daysLate: z.number(),
  eventId,
  hash: sha256Hex,
});
export type BackDatedEvent = z.infer<typeof backDatedEventAnswer>;

/** GET /v1/back-dated */
export const backDatedPageAnswer = pageOf(backDatedEventAnswer);
export type BackDatedPage = z.infer<typeof backDatedPageAnswer>;

/** GET /v1/audit/events */
export const auditEventsAnswer = z.strictObject({
  items: z.array(recordedEventAnswer),
  nextCursor,
  head: logPosition,
});
export type AuditEvents = z.infer<typeof auditEventsAnswer>;

/** GET /v1/audit/streams/:streamId/events */
export const streamEventsAnswer = z.strictObject({
  streamId: z.string(),
  items: z.array(recordedEventAnswer),
  nextCursor,
});
export type StreamEvents = z.infer<typeof streamEventsAnswer>;

/** GET /v1/audit/verify (core's ChainVerification). */
export const chainVerificationAnswer = agreesWith<ChainVerification>()(
  z.strictObject({
    ok: z.boolean(),
    checked: z.number().int().min(0),
    headPosition: logPosition,
    headHash: sha256Hex,
    failure: z
      .strictObject({
        position: logPosition,
        reason: z.enum([
          'foreign_position',
          'hash_mismatch',
          'broken_link',
          'missing_position',
          'duplicate_position',
          'derived_column_mismatch',
          'revision_gap',
        ]),
        vi: z.string(),
        en: z.string(),
      })
      .optional()
      .describe('the first position that fails'),
  }),
);
