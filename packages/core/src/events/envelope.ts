import { z } from 'zod';
import { normaliseInstant } from '../time/local-time.ts';

/** Identifiers that end up in stream ids, SQL columns and file names: no spaces or control characters. */
export const IDENTIFIER = /^[\p{L}\p{N}][\p{L}\p{N}._:@-]{0,199}$/u;

export const identifierSchema = z.string().regex(IDENTIFIER, 'mã không hợp lệ / invalid identifier');

/** An instant with an explicit offset (or a bare local date), normalised to UTC ISO with ms. */
export const instantSchema = z.string().transform((text, ctx) => {
  const normalised = normaliseInstant(text);
  if (normalised === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `thời điểm không hợp lệ / invalid instant: ${JSON.stringify(text)} (ISO 8601 với múi giờ, ví dụ 2025-03-10T09:00:00+07:00)`,
    });
    return z.NEVER;
  }
  return normalised;
});

export const EVENT_SOURCES = ['cli', 'api', 'kafka', 'import', 'simulation', 'backfill', 'system', 'test'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * Who recorded an event and why. `source: 'backfill'` is the only way to give an event a recordedAt
 * other than the store's clock, so back-filled history stays visible to auditors.
 */
export const eventMetadataSchema = z
  .object({
    actor: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]+$/u, 'không chứa ký tự điều khiển / no control characters'),
    unitId: identifierSchema.optional(),
    causationId: z.string().min(1).max(200).optional(),
    correlationId: z.string().min(1).max(200).optional(),
    source: z.enum(EVENT_SOURCES),
  })
  .strict();
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** An event as stored: immutable, positioned, hash-chained. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly streamId: string;
  /** 0-based position within its stream. */
  readonly streamRevision: number;
  /** 1-based position in the global log. */
  readonly globalPosition: number;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** When it happened, as claimed by whoever reported it (UTC ISO, ms). */
  readonly occurredAt: string;
  /** When the system learned it (store clock; or a marked backfill). */
  readonly recordedAt: string;
  /** Hash of the previous event in the global log (64 zeros for the first). */
  readonly prevHash: string;
  /** sha256 over prevHash and this event's canonical content. */
  readonly hash: string;
}

/** An event to append. The store assigns positions, recordedAt and hashes. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID; derive it from a command id to make retries idempotent. Generated when absent. */
  readonly eventId?: string;
  readonly type: Type;
  readonly schemaVersion?: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly occurredAt: string;
  /** Only with `metadata.source === 'backfill'`. */
  readonly recordedAt?: string;
}

export const newEventSchema = z
  .object({
    eventId: z.uuid().optional(),
    type: z.string().regex(/^[A-Z][A-Za-z0-9]{1,99}$/, 'kiểu sự kiện dạng PascalCase / event type in PascalCase'),
    schemaVersion: z.number().int().min(1).max(1000).optional(),
    data: z.record(z.string(), z.unknown()),
    metadata: eventMetadataSchema,
    occurredAt: instantSchema,
    recordedAt: instantSchema.optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.recordedAt !== undefined && event.metadata.source !== 'backfill') {
      ctx.addIssue({
        code: 'custom',
        path: ['recordedAt'],
        message:
          'chỉ sự kiện nhập bù (source: backfill) mới được đặt recordedAt / only a backfill event may set recordedAt',
      });
    }
  });
