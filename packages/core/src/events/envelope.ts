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
      message: `thời điểm không hợp lệ / invalid instant: ${JSON.stringify(text)} (ISO 8601 với múi giờ, ví dụ 2025-03-10T09:00:00+07:00, hoặc một ngày 2025-03-10 = hết ngày đó / or a date, meaning the end of that day)`,
    });
    return z.NEVER;
  }
  return normalised;
});

export const EVENT_SOURCES = ['cli', 'api', 'kafka', 'import', 'simulation', 'backfill', 'system', 'test'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Text a person writes (a reason): no control characters except line breaks. */
const reasonSchema = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .regex(/^[^\p{Cc}]*(?:[\n\r][^\p{Cc}]*)*$/u, 'không chứa ký tự điều khiển / no control characters');

/**
 * Who recorded an event, from where, and, for history entered late, the claim of when the office
 * knew it and why. Every instant of an event:
 * - `occurredAt`: when it happened, as claimed by whoever reported it;
 * - `recordedAt`: when the store recorded it, always the store's clock (never a client's);
 * - `metadata.knownAt`: only on a backfill (`source: 'backfill'`, with `reason`): the claim of
 *   when the office knew it. "As known at T" uses it where there is one, `recordedAt` otherwise.
 * A late entry (the office learns only now of something that happened earlier) is not a backfill:
 * it carries a `reason` and is known when recorded.
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
    knownAt: instantSchema.optional(),
    reason: reasonSchema.optional(),
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
  /**
   * When the store recorded it: its clock. (A backfill written before store format 2 carries its
   * claim here instead, and no `metadata.knownAt`: see `knownAtOf`.)
   */
  readonly recordedAt: string;
  /** Hash of the previous event in the global log (64 zeros for the first). */
  readonly prevHash: string;
  /** sha256 over prevHash and this event's canonical content. */
  readonly hash: string;
}

/** When the office knew an event, for "as known at T": a backfill's claim, else when it was recorded. */
export function knownAtOf(event: Pick<RecordedEvent, 'recordedAt' | 'metadata'>): string {
  return event.metadata.knownAt ?? event.recordedAt;
}

/** An event to append. The store assigns positions, recordedAt (its clock) and hashes. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID; derive it from a command id to make retries idempotent. Generated when absent. */
  readonly eventId?: string;
  readonly type: Type;
  readonly schemaVersion?: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly occurredAt: string;
}

/** The rules of a knowledge claim, shared by the store's checks and the edges' schema. */
export function knowledgeIssues(
  metadata: Pick<EventMetadata, 'source' | 'knownAt' | 'reason'>,
  occurredAt: string | undefined,
): { field: 'knownAt' | 'reason'; message: string }[] {
  const issues: { field: 'knownAt' | 'reason'; message: string }[] = [];
  if (metadata.source === 'backfill') {
    if (metadata.knownAt === undefined)
      issues.push({
        field: 'knownAt',
        message:
          'nhập bù phải nói văn phòng biết khi nào (metadata.knownAt) / a backfill must say when the office knew (metadata.knownAt)',
      });
    if (metadata.reason === undefined)
      issues.push({ field: 'reason', message: 'nhập bù phải nêu lý do / a backfill must give a reason' });
  } else if (metadata.knownAt !== undefined) {
    issues.push({
      field: 'knownAt',
      message:
        'chỉ sự kiện nhập bù (source: backfill) mới có knownAt / only a backfill event (source: backfill) may carry knownAt',
    });
  }
  if (metadata.knownAt !== undefined && occurredAt !== undefined && metadata.knownAt < occurredAt) {
    issues.push({
      field: 'knownAt',
      message: `văn phòng không thể biết trước khi việc xảy ra (${occurredAt}) / the office cannot have known before it happened (${occurredAt})`,
    });
  }
  return issues;
}

export const newEventSchema = z
  .object({
    eventId: z.uuid().optional(),
    type: z.string().regex(/^[A-Z][A-Za-z0-9]{1,99}$/, 'kiểu sự kiện dạng PascalCase / event type in PascalCase'),
    schemaVersion: z.number().int().min(1).max(1000).optional(),
    data: z.record(z.string(), z.unknown()),
    metadata: eventMetadataSchema,
    occurredAt: instantSchema,
    recordedAt: z.unknown().optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.recordedAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['recordedAt'],
        message:
          'recordedAt là đồng hồ của kho, không thể đặt; nhập bù thì ghi metadata.knownAt và metadata.reason / recordedAt is the store clock and cannot be set; a backfill gives metadata.knownAt and metadata.reason',
      });
    }
    for (const issue of knowledgeIssues(event.metadata, event.occurredAt)) {
      ctx.addIssue({ code: 'custom', path: ['metadata', issue.field], message: issue.message });
    }
  })
  .transform(({ recordedAt: _recordedAt, ...event }) => event);
