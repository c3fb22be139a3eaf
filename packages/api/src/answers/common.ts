import { eventMetadataSchema, type RecordedEvent } from '@cchc/core';
import { z } from 'zod';

/**
 * Pieces of the read answers. The answers leave as serialised JSON (cached bodies), so these
 * schemas document them (OpenAPI) and type them (`z.infer`, used by the dashboard); the answer
 * tests parse every read route's real answer with its schema.
 */
export const instant = z.iso.datetime().describe('UTC, ISO 8601 (…Z)');
export const localDate = z.iso.date().describe('ngày theo giờ Việt Nam / local date, YYYY-MM-DD');
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/)
  .describe('giờ Việt Nam / Vietnam time, YYYY-MM-DD HH:mm:ss[.ffffff]');
export const logPosition = z.number().int().min(0);
export const count = z.number().int().min(0);
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const eventId = z.uuid();
export const nextCursor = z.string().nullable().describe('null on the last page');
export const rulebookRef = z.strictObject({ id: z.string(), version: z.number().int() });

/** A page of a list in log order: `nextCursor` continues after the last item. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor, position: logPosition });
}

/** A list computed as of an instant, at a log position. */
export function asOfListOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ asOf: instant, position: logPosition, items: z.array(item) });
}

/** Without `readonly`, to compare a zod output with an interface of readonly fields. */
type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Plain<T[K]> }
    : T;
type Same<A, B> = (<X>() => X extends Plain<A> ? 1 : 2) extends <X>() => X extends Plain<B> ? 1 : 2 ? true : false;

/**
 * For a shape another package owns as a TS interface: `agreesWith<Interface>()(schema)` compiles
 * only when the schema's output type is that interface (readonly aside), so the two cannot drift.
 */
export function agreesWith<Interface>() {
  return <S extends z.ZodType>(schema: S & (Same<z.output<S>, Interface> extends true ? unknown : never)): S => schema;
}

/** An event as the store keeps it (core's RecordedEvent), with its hashes. */
export const recordedEventAnswer = agreesWith<RecordedEvent<string, Record<string, unknown>>>()(
  z.strictObject({
    eventId,
    streamId: z.string(),
    streamRevision: z.number().int().min(0),
    globalPosition: z.number().int().min(1),
    type: z.string(),
    schemaVersion: z.number().int().min(1),
    occurredAt: instant,
    recordedAt: instant,
    metadata: eventMetadataSchema,
    data: z.record(z.string(), z.unknown()),
    prevHash: sha256Hex,
    hash: sha256Hex,
  }),
);
