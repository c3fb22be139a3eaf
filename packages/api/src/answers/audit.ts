import { type ChainVerification, type ConsistencyProof, EVENT_SOURCES, type InclusionProof } from '@cchc/core';
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

/** GET /v1/audit/proofs/inclusion: an event in the log's Merkle tree (RFC 9162 §2.1.3). */
export const inclusionProofAnswer = agreesWith<InclusionProof>()(
  z.strictObject({
    eventId,
    globalPosition: logPosition,
    entry: sha256Hex.describe('the event’s chain hash: the tree’s entry'),
    leafIndex: z.number().int().min(0).describe('globalPosition − 1'),
    treeSize: logPosition,
    root: sha256Hex,
    proof: z.array(sha256Hex).describe('the audit path, leaf to root'),
  }),
);

/** GET /v1/audit/proofs/consistency: the log of fromSize events is a prefix of the one of toSize (RFC 9162 §2.1.4). */
export const consistencyProofAnswer = agreesWith<ConsistencyProof>()(
  z.strictObject({
    fromSize: logPosition,
    toSize: logPosition,
    fromRoot: sha256Hex,
    toRoot: sha256Hex,
    proof: z.array(sha256Hex),
  }),
);
