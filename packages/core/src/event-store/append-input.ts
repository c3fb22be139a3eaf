import { randomUUID } from 'node:crypto';
import { type FieldIssue, ValidationError } from '../errors/cchc-error.ts';
import { EVENT_SOURCES, type EventMetadata, IDENTIFIER, knowledgeIssues, type NewEvent } from '../events/envelope.ts';
import { normaliseInstant } from '../time/local-time.ts';
import type { AppendRequest } from './event-store.ts';
import type { ExpectedRevision } from './expected-revision.ts';

/** An event as the writer takes it: checked, with its id, instants and JSON texts settled. */
export interface NormalisedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly dataJson: string;
  readonly metadata: EventMetadata;
  readonly metadataJson: string;
  readonly occurredAt: string;
  /** A backfill's claim of when the office knew it (metadata.knownAt, canonical). */
  readonly knownAt: string | undefined;
  readonly taskId: string | undefined;
  readonly unitId: string | undefined;
}

export interface NormalisedRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly NormalisedEvent[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,99}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
const SOURCES = new Set<string>(EVENT_SOURCES);
/** How far ahead of the store clock a backfill's knownAt may be (clocks of other machines drift). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** normaliseInstant, with a fast path for instants already in canonical form. */
function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CANONICAL_INSTANT.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) || new Date(ms).toISOString() !== value ? normaliseInstant(value) : value;
  }
  return normaliseInstant(value);
}

/**
 * The store's own checks: whatever keeps the log well-formed (ids, types, instants, metadata, a
 * JSON-object payload). Domain schemas are applied at the edges, not here.
 */
export function normaliseRequests(requests: readonly AppendRequest[], now: number): NormalisedRequest[] {
  const issues: FieldIssue[] = [];
  const out: NormalisedRequest[] = [];
  if (requests.length === 0) issues.push({ path: '', message: 'không có gì để ghi / nothing to append' });
  const idsSeen = new Set<string>();
  requests.forEach((request, ri) => {
    const at = requests.length > 1 ? `[${ri}].` : '';
    if (typeof request.streamId !== 'string' || !IDENTIFIER.test(request.streamId)) {
      issues.push({ path: `${at}streamId`, message: 'mã luồng không hợp lệ / invalid stream id' });
    }
    const expected = request.expectedRevision ?? 'any';
    if (
      !(
        expected === 'any' ||
        expected === 'no_stream' ||
        expected === 'stream_exists' ||
        (Number.isInteger(expected) && expected >= -1)
      )
    ) {
      issues.push({
        path: `${at}expectedRevision`,
        message: 'phiên bản mong đợi không hợp lệ / invalid expected revision',
      });
    }
    if (!Array.isArray(request.events) || (request.events.length === 0 && expected === 'any')) {
      // An empty request is a pure revision check, which needs a revision to check.
      issues.push({ path: `${at}events`, message: 'cần ít nhất một sự kiện / at least one event' });
      return;
    }
    const events: NormalisedEvent[] = [];
    request.events.forEach((e, ei) => {
      const normalised = normaliseEvent(e, `${at}events[${ei}]`, issues, now);
      if (!normalised) return;
      if (idsSeen.has(normalised.eventId)) {
        issues.push({
          path: `${at}events[${ei}].eventId`,
          message: 'trùng mã sự kiện trong cùng lô / duplicate event id in one append',
        });
      }
      idsSeen.add(normalised.eventId);
      events.push(normalised);
    });
    out.push({ streamId: request.streamId, expectedRevision: expected === -1 ? 'no_stream' : expected, events });
  });
  if (issues.length > 0) throw new ValidationError({ vi: 'Sự kiện', en: 'event' }, issues);
  return out;
}

function normaliseEvent(e: NewEvent, path: string, issues: FieldIssue[], now: number): NormalisedEvent | undefined {
  const before = issues.length;
  const eventId = e.eventId ?? randomUUID();
  if (typeof eventId !== 'string' || !UUID.test(eventId))
    issues.push({ path: `${path}.eventId`, message: 'không phải UUID / not a UUID' });
  if (typeof e.type !== 'string' || !EVENT_TYPE.test(e.type))
    issues.push({ path: `${path}.type`, message: 'kiểu sự kiện không hợp lệ / invalid event type' });
  const schemaVersion = e.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
    issues.push({ path: `${path}.schemaVersion`, message: 'phải là số nguyên ≥ 1 / must be an integer ≥ 1' });
  if (e.data === null || typeof e.data !== 'object' || Array.isArray(e.data))
    issues.push({ path: `${path}.data`, message: 'phải là đối tượng JSON / must be a JSON object' });
  const occurredAt = instantOf(e.occurredAt);
  if (!occurredAt) issues.push({ path: `${path}.occurredAt`, message: 'thời điểm không hợp lệ / invalid instant' });
  if ((e as { recordedAt?: unknown }).recordedAt !== undefined) {
    issues.push({
      path: `${path}.recordedAt`,
      message:
        'recordedAt là đồng hồ của kho, không thể đặt; nhập bù thì ghi metadata.knownAt và metadata.reason / recordedAt is the store clock and cannot be set; a backfill gives metadata.knownAt and metadata.reason',
    });
  }
  const m = e.metadata;
  if (m === null || typeof m !== 'object') {
    issues.push({ path: `${path}.metadata`, message: 'thiếu metadata / missing metadata' });
  } else {
    if (typeof m.actor !== 'string' || m.actor.length === 0 || m.actor.length > 200 || CONTROL.test(m.actor)) {
      issues.push({ path: `${path}.metadata.actor`, message: 'người thực hiện không hợp lệ / invalid actor' });
    }
    if (!SOURCES.has(m.source))
      issues.push({ path: `${path}.metadata.source`, message: 'nguồn không hợp lệ / invalid source' });
    if (m.unitId !== undefined && !IDENTIFIER.test(m.unitId))
      issues.push({ path: `${path}.metadata.unitId`, message: 'mã đơn vị không hợp lệ / invalid unit id' });
    if (m.knownAt !== undefined) {
      const knownAt = instantOf(m.knownAt);
      if (knownAt !== m.knownAt) {
        issues.push({
          path: `${path}.metadata.knownAt`,
          message: 'thời điểm không hợp lệ (dạng chuẩn …Z) / invalid instant (canonical …Z form)',
        });
      } else if (Date.parse(knownAt) > now + MAX_CLOCK_SKEW_MS) {
        issues.push({
          path: `${path}.metadata.knownAt`,
          message: 'văn phòng không thể biết trong tương lai / the office cannot know in the future',
        });
      }
    }
    if (m.reason !== undefined && (typeof m.reason !== 'string' || m.reason.length === 0 || m.reason.length > 1000)) {
      issues.push({ path: `${path}.metadata.reason`, message: 'lý do 1–1000 ký tự / a reason of 1–1000 characters' });
    }
    for (const issue of knowledgeIssues(m, occurredAt)) {
      issues.push({ path: `${path}.metadata.${issue.field}`, message: issue.message });
    }
  }
  if (issues.length > before) return undefined;
  let dataJson: string;
  try {
    dataJson = JSON.stringify(e.data);
  } catch {
    issues.push({ path: `${path}.data`, message: 'không tuần tự hóa được thành JSON / not serializable to JSON' });
    return undefined;
  }
  const metadataJson = JSON.stringify(m);
  for (const [field, json] of [
    ['data', dataJson],
    ['metadata', metadataJson],
  ] as const) {
    if (hasLoneSurrogate(json))
      issues.push({
        path: `${path}.${field}`,
        message: 'chuỗi Unicode hỏng (nửa cặp thay thế) / malformed Unicode string (lone surrogate)',
      });
  }
  const data = e.data as Record<string, unknown>;
  // The lookup columns must agree with the payload exactly as `verify` recomputes them.
  for (const field of ['taskId', 'unitId'] as const) {
    const value = data[field];
    if (value !== undefined && (typeof value !== 'string' || !IDENTIFIER.test(value))) {
      issues.push({ path: `${path}.data.${field}`, message: 'mã không hợp lệ / invalid identifier' });
    }
  }
  if (issues.length > before) return undefined;
  const taskId = data.taskId as string | undefined;
  const unitId = (data.unitId as string | undefined) ?? m.unitId;
  return {
    eventId: eventId.toLowerCase(),
    type: e.type,
    schemaVersion,
    data: e.data,
    dataJson,
    metadata: m,
    metadataJson,
    occurredAt: occurredAt!,
    knownAt: m.knownAt,
    taskId,
    unitId,
  };
}

/**
 * JSON.stringify writes a lone UTF-16 surrogate as a `\udXXX` escape (everything else in the
 * surrogate range arrives as a proper pair of characters); DuckDB's JSON, rightly, refuses it.
 */
function hasLoneSurrogate(json: string): boolean {
  return json.includes('\\ud') && /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i.test(json);
}
