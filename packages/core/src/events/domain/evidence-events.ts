import { z } from 'zod';
import { eventSchema, planYearSchema, unitIdSchema } from './common.ts';

/** A file's SHA-256, lower-case hex: the file's name in the evidence store and its id in events. */
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/u, 'mã SHA-256 gồm 64 ký tự hex thường / a SHA-256 of 64 lower-case hex digits');

/** File names as given by the uploader (no folders): shown to inspectors, never used as a path. */
export const evidenceFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused in a name
  .refine((name) => !/[/\\\u0000-\u001f]/u.test(name), 'tên tệp không có thư mục / a file name without folders');

/**
 * Tài liệu kiểm chứng: a file stored content-addressed under the data directory. The event puts
 * its name, size, type and uploader in the hash chain; the bytes stay outside, checked against
 * `sha256` by `cchc verify`. Stream `evidence-<sha256>`: one file, recorded once.
 */
export const evidenceFileAddedEvent = eventSchema('EvidenceFileAdded', {
  sha256: sha256Schema,
  fileName: evidenceFileNameSchema,
  size: z.number().int().positive(),
  mediaType: z.string().min(1).max(200),
  /** The actor who uploaded it (as in the metadata), repeated here so the chain covers it. */
  uploadedBy: z.string().min(1).max(200),
  /** The unit it was uploaded for (a reporter's own); who may read it follows from this. */
  unitId: unitIdSchema.optional(),
  planYear: planYearSchema.optional(),
});

/** Files referenced by progress, a submission or a completion. */
export const evidenceFilesSchema = z.array(sha256Schema).max(20);
