import type { HashedContent } from '@cchc/core';
import { packEventSchema } from '@cchc/projections';
import { z } from 'zod';
import { inclusionProofAnswer } from './audit.ts';
import { checkpointAnswer, signingKeysAnswer } from './checkpoints.ts';
import { agreesWith, eventId, instant, localDateTime, logPosition, rulebookRef, sha256Hex } from './common.ts';

/**
 * The public transparency page's answers (issue 16): published rankings only. Everything here is
 * read from RankingPublished events and the signed checkpoints that cover them.
 */
const text = z.strictObject({ vi: z.string(), en: z.string() });

/** A publication: where it is in the log, when it was recorded, and the checkpoint that covers it. */
export const publicPublicationAnswer = z.strictObject({
  year: z.number().int(),
  planId: z.string().nullable(),
  eventId: eventId.describe('mã sự kiện RankingPublished / the RankingPublished event id'),
  position: logPosition.describe('vị trí sự kiện công bố trong sổ cái / the publication’s log position'),
  recordedAt: instant.describe('lúc sổ cái ghi nhận (UTC) / when the ledger recorded it (UTC)'),
  recordedLocal: localDateTime.describe('lúc ghi nhận, giờ Việt Nam / recorded, Vietnam time'),
  asOf: instant.describe('xếp hạng tính đến (UTC) / the ranking is as of (UTC)'),
  asOfLocal: localDateTime.describe('tính đến, giờ Việt Nam / as of, Vietnam time'),
  provisional: z.boolean().describe('tính trước mốc cuối năm: tạm tính / computed before the year-end cutoff'),
  rulebook: rulebookRef,
  atPosition: logPosition.describe('vị trí sổ cái mà xếp hạng được tính tại đó / the log position it was computed at'),
  inputsHash: sha256Hex,
  checkpoint: checkpointAnswer
    .nullable()
    .describe('mốc có chữ ký nhỏ nhất chứa sự kiện công bố / the smallest signed checkpoint holding the publication'),
});
export type PublicPublication = z.infer<typeof publicPublicationAnswer>;

/** GET /public/v1/rankings */
export const publicRankingsAnswer = z.strictObject({
  position: logPosition,
  items: z.array(publicPublicationAnswer),
  keys: signingKeysAnswer,
});
export type PublicRankings = z.infer<typeof publicRankingsAnswer>;

/**
 * The publication event exactly as hashed: recompute `hash` from it (core's chainHash over
 * canonicalContent). The evidence pack's event without its proof: one definition of the shape.
 */
export const hashedEventAnswer = agreesWith<HashedContent & { prevHash: string; hash: string }>()(
  packEventSchema.omit({ proof: true }).extend({
    eventId,
    occurredAt: instant,
    recordedAt: instant,
    hash: sha256Hex.describe('sha256(prevHash + "\\n" + các trường nối bằng U+001F / the fields joined by U+001F)'),
  }),
);
export type HashedEvent = z.infer<typeof hashedEventAnswer>;

export const publishedRowAnswer = z.strictObject({
  rank: z.number().int().nullable(),
  unitId: z.string(),
  unitName: z.string().nullable().describe('tên đơn vị tại vị trí công bố / the unit’s name at the publication'),
  score: z.number().nullable(),
  band: z.string().nullable(),
});

/** A publication with its rows and what proves it. */
export const publicPublicationDetail = publicPublicationAnswer.extend({
  rows: z.array(publishedRowAnswer),
  event: hashedEventAnswer,
  inclusion: inclusionProofAnswer
    .nullable()
    .describe('bằng chứng bao hàm trong cây của mốc / the inclusion proof in the checkpoint’s tree'),
});
export type PublicPublicationDetail = z.infer<typeof publicPublicationDetail>;

/** GET /public/v1/rankings/:year */
export const publicYearAnswer = z.strictObject({
  year: z.number().int(),
  position: logPosition,
  publications: z.array(publicPublicationDetail).describe('theo thứ tự công bố; cuối cùng là mới nhất / oldest first'),
  keys: signingKeysAnswer,
  howToVerify: z.array(text),
});
export type PublicYear = z.infer<typeof publicYearAnswer>;

/** GET /public/v1/signing-keys */
export const publicKeysAnswer = signingKeysAnswer;

export const HOW_TO_VERIFY: readonly z.infer<typeof text>[] = [
  {
    vi: '1. Tính lại băm của sự kiện công bố: sha256(prevHash + "\\n" + eventId, streamId, streamRevision, globalPosition, type, schemaVersion, occurredAt, recordedAt, metadataJson, dataJson nối bằng ký tự U+001F); phải bằng event.hash, và dataJson chứa đúng các dòng xếp hạng.',
    en: '1. Recompute the publication event’s hash: sha256(prevHash + "\\n" + eventId, streamId, streamRevision, globalPosition, type, schemaVersion, occurredAt, recordedAt, metadataJson, dataJson joined by U+001F); it must equal event.hash, and dataJson holds the very rows shown.',
  },
  {
    vi: '2. Kiểm bằng chứng bao hàm (RFC 9162 §2.1.3.2): lá = sha256(0x00 ‖ event.hash), nút = sha256(0x01 ‖ trái ‖ phải); theo đường kiểm phải ra checkpoint.root với cỡ cây checkpoint.treeSize.',
    en: '2. Check the inclusion proof (RFC 9162 §2.1.3.2): leaf = sha256(0x00 ‖ event.hash), node = sha256(0x01 ‖ left ‖ right); the audit path must lead to checkpoint.root for tree size checkpoint.treeSize.',
  },
  {
    vi: '3. Kiểm chữ ký Ed25519 của mốc trên văn bản "cchc-ledger checkpoint v1\\ntree_size N\\nroot R\\ntaken_at T\\n" bằng khóa công khai đã nhận từ Sở (GET /public/v1/signing-keys), rồi lưu tệp mốc ở ngoài hệ thống; lần sau: cchc verify --against <tệp>.',
    en: '3. Check the checkpoint’s Ed25519 signature over "cchc-ledger checkpoint v1\\ntree_size N\\nroot R\\ntaken_at T\\n" with the public key you received from the department (GET /public/v1/signing-keys), and keep the checkpoint file outside the system; later: cchc verify --against <file>.',
  },
];
