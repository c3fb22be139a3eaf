import { checkpointSchema, type KeptCheckpoint, localDateTimeOf, type SigningKeys } from '@cchc/core';
import { z } from 'zod';
import { localDateTime } from './common.ts';

/** A kept checkpoint: the signed file as an inspector keeps it, plus its name and local time. */
export const checkpointAnswer = checkpointSchema.extend({
  file: z.string().describe('tên tệp trong <data>/checkpoints / its file under <data>/checkpoints'),
  takenLocal: localDateTime.describe('lúc lập, giờ Việt Nam / when it was taken, Vietnam time'),
});
export type CheckpointAnswer = z.infer<typeof checkpointAnswer>;

/** The public keys that sign (current) and signed (retired) this ledger's checkpoints. */
export const signingKeysAnswer = z.strictObject({
  current: z.string().describe('Ed25519, SPKI DER base64'),
  retired: z.array(
    z.strictObject({
      publicKey: z.string(),
      retiredAt: z.iso.datetime().describe('UTC'),
      retiredLocal: localDateTime,
    }),
  ),
});
export type SigningKeysAnswer = z.infer<typeof signingKeysAnswer>;

/** GET /v1/audit/checkpoints */
export const checkpointListAnswer = z.strictObject({
  items: z.array(checkpointAnswer).describe('theo cỡ cây / by tree size'),
  latest: checkpointAnswer.nullable(),
  keys: signingKeysAnswer,
});
export type CheckpointList = z.infer<typeof checkpointListAnswer>;

export const checkpointAnswerOf = (kept: KeptCheckpoint): CheckpointAnswer => ({
  ...kept.checkpoint,
  file: kept.file,
  takenLocal: localDateTimeOf(kept.checkpoint.takenAt),
});

export const signingKeysAnswerOf = (keys: SigningKeys): SigningKeysAnswer => ({
  current: keys.current,
  retired: keys.retired.map((k) => ({ ...k, retiredLocal: localDateTimeOf(k.retiredAt) })),
});
