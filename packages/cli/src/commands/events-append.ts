import {
  type AppendRequest,
  CURRENT_SCHEMA_VERSION,
  domainEventSchema,
  eventMetadataSchema,
  type FieldIssue,
  fieldIssues,
  identifierSchema,
  instantSchema,
  isDomainEventType,
  type LedgerStore,
  type RecordedEvent,
  upcast,
  ValidationError,
} from '@cchc/core';
import { z } from 'zod';
import { safeUser } from '../action-options.ts';

const expectedRevisionSchema = z.union([
  z.literal('any'),
  z.literal('no_stream'),
  z.literal('stream_exists'),
  z.number().int().min(-1),
]);

/** One event as written in an input file: the envelope fields a caller may set, plus its stream. */
const inputEventSchema = z
  .object({
    streamId: identifierSchema,
    expectedRevision: expectedRevisionSchema.optional(),
    eventId: z.uuid().optional(),
    type: z.string(),
    schemaVersion: z.number().int().min(1).optional(),
    data: z.record(z.string(), z.unknown()),
    metadata: eventMetadataSchema.partial({ actor: true, source: true }).optional(),
    occurredAt: instantSchema,
    recordedAt: instantSchema.optional(),
  })
  .strict();

const inputSchema = z.union([inputEventSchema, z.array(inputEventSchema).min(1)]);

/**
 * Validates a whole input (envelope, then each payload against its domain schema, upcasting older
 * versions first) and turns it into one atomic append: consecutive events of a stream form one
 * request, whose expected revision is its first event's.
 */
export function toAppendRequests(input: unknown, defaultActor = `cli:${safeUser()}`): AppendRequest[] {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError({ vi: 'Sự kiện', en: 'event' }, fieldIssues(parsed.error));
  const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const issues: FieldIssue[] = [];
  events.forEach((e, i) => {
    const at = Array.isArray(parsed.data) ? `[${i}].` : '';
    if (!isDomainEventType(e.type)) {
      issues.push({
        path: `${at}type`,
        message: `kiểu sự kiện không tồn tại / unknown event type ${JSON.stringify(e.type)}`,
      });
      return;
    }
    const version = e.schemaVersion ?? CURRENT_SCHEMA_VERSION[e.type];
    if (version > CURRENT_SCHEMA_VERSION[e.type]) {
      issues.push({
        path: `${at}schemaVersion`,
        message: `phiên bản lớn nhất là / newest version is ${CURRENT_SCHEMA_VERSION[e.type]}`,
      });
      return;
    }
    let data: unknown = e.data;
    try {
      data = upcast({ ...placeholder, type: e.type, schemaVersion: version, data: e.data }).data;
    } catch (error) {
      issues.push({
        path: `${at}data`,
        message: `không đọc được dạng phiên bản ${version} / not readable as version ${version}: ${(error as Error).message.split('\n')[0]}`,
      });
      return;
    }
    const domain = domainEventSchema.safeParse({ type: e.type, data });
    if (!domain.success) {
      for (const issue of fieldIssues(domain.error))
        issues.push({ path: `${at}${issue.path}`, message: issue.message });
    }
  });
  if (issues.length > 0) throw new ValidationError({ vi: 'Sự kiện', en: 'event' }, issues);

  const requests: {
    streamId: string;
    expectedRevision: AppendRequest['expectedRevision'];
    events: AppendRequest['events'][number][];
  }[] = [];
  for (const e of events) {
    const metadata = { actor: e.metadata?.actor ?? defaultActor, source: e.metadata?.source ?? 'cli', ...e.metadata };
    const event = {
      ...(e.eventId ? { eventId: e.eventId } : {}),
      type: e.type,
      schemaVersion: e.schemaVersion ?? CURRENT_SCHEMA_VERSION[e.type as keyof typeof CURRENT_SCHEMA_VERSION],
      data: e.data,
      metadata,
      occurredAt: e.occurredAt,
      ...(e.recordedAt ? { recordedAt: e.recordedAt } : {}),
    };
    const last = requests[requests.length - 1];
    if (last && last.streamId === e.streamId && e.expectedRevision === undefined) last.events.push(event);
    else requests.push({ streamId: e.streamId, expectedRevision: e.expectedRevision ?? 'any', events: [event] });
  }
  return requests;
}

export async function appendEvents(
  store: LedgerStore,
  input: unknown,
): Promise<{ written: number; replayed: number; first?: number; last?: number }> {
  const results = await store.appendMany(toAppendRequests(input));
  const fresh = results.filter((r) => !r.idempotentReplay).flatMap((r) => r.events.map((e) => e.globalPosition));
  const replayed = results.filter((r) => r.idempotentReplay).reduce((n, r) => n + r.events.length, 0);
  return {
    written: fresh.length,
    replayed,
    ...(fresh.length ? { first: Math.min(...fresh), last: Math.max(...fresh) } : {}),
  };
}

const placeholder: RecordedEvent = {
  eventId: '',
  streamId: '',
  streamRevision: 0,
  globalPosition: 0,
  type: '',
  schemaVersion: 1,
  data: {},
  metadata: { actor: 'x', source: 'cli' },
  occurredAt: '',
  recordedAt: '',
  prevHash: '',
  hash: '',
};
