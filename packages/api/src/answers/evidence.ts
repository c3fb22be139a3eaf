import type { EvidenceVerification } from '@cchc/core';
import { z } from 'zod';
import { agreesWith, eventId, instant, logPosition, sha256Hex } from './common.ts';

/** What POST /v1/evidence answers: the command's outcome and the stored file. */
export const evidenceAddedAnswer = z.strictObject({
  commandId: z.string(),
  streamId: z.string(),
  alreadyHandled: z.boolean(),
  events: z.array(
    z.object({ eventId: z.string(), type: z.string(), globalPosition: z.number(), streamRevision: z.number() }),
  ),
  sha256: sha256Hex,
  fileName: z.string(),
  size: z.number().int().positive(),
  mediaType: z.string(),
  /** The same bytes were stored and recorded before: the first record stands. */
  alreadyRecorded: z.boolean(),
});

/** GET /v1/evidence/{sha256}/record: the file's EvidenceFileAdded and whether its bytes still match. */
export const evidenceRecordAnswer = z.strictObject({
  sha256: sha256Hex,
  fileName: z.string(),
  size: z.number().int().positive(),
  mediaType: z.string(),
  uploadedBy: z.string(),
  unitId: z.string().optional(),
  planYear: z.number().int().optional(),
  eventId,
  globalPosition: logPosition,
  recordedAt: instant,
  /** `ok`: the stored bytes hash to `sha256`; `missing` or `altered`: they do not (cchc verify says so too). */
  file: z.enum(['ok', 'missing', 'altered']),
  /** Where the bytes are served. */
  contentUrl: z.string(),
});
export type EvidenceRecordAnswer = z.infer<typeof evidenceRecordAnswer>;

/** GET /v1/audit/evidence (core's EvidenceVerification, as `cchc verify` prints it). */
export const evidenceVerificationAnswer = agreesWith<EvidenceVerification>()(
  z.strictObject({
    ok: z.boolean(),
    checked: z.number().int().min(0).describe('distinct files recorded or cited'),
    problems: z.array(
      z.strictObject({
        sha256: z.string(),
        fileName: z.string().optional(),
        path: z.string(),
        problem: z.enum(['missing', 'altered', 'unrecorded']),
        positions: z.array(logPosition).describe('the events that record or cite it'),
      }),
    ),
  }),
);
