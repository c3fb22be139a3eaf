import { type AppendRecordInput, type ConsistencyCheck, jsonEvent, STREAM_STATE } from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '../../errors/store-errors.ts';
import type { NormalisedRequest } from '../append-input.ts';
import { type ExpectedRevision, revisionMatches } from '../expected-revision.ts';
import { recordProperties } from './esdb-codec.ts';

/**
 * The records in request order and one check per stream: the server checks each stream once,
 * against its state before the write (the first check of a stream wins), so a later request on
 * the same stream is checked here against what the earlier ones will have written.
 */
export function planRecords(
  requests: readonly NormalisedRequest[],
  prefix: string,
  revisionOf: (streamId: string) => number,
  copiedRecordedAt?: ReadonlyMap<string, string>,
): { records: AppendRecordInput[]; checks: ConsistencyCheck[] } {
  const records: AppendRecordInput[] = [];
  const checks: ConsistencyCheck[] = [];
  // A stream's revision after the requests so far: exact where the expectation says it, else the
  // revision this process last saw (the server's check of the first request still guards it).
  const after = new Map<string, number>();
  for (const r of requests) {
    const known = after.get(r.streamId);
    if (known !== undefined) {
      if (!revisionMatches(r.expectedRevision, known))
        throw new ConcurrencyError(r.streamId, r.expectedRevision, known);
    } else if (r.expectedRevision !== 'any') {
      checks.push({ type: STREAM_STATE, streamName: prefix + r.streamId, expectedState: stateOf(r.expectedRevision) });
    }
    const base =
      known ??
      (typeof r.expectedRevision === 'number'
        ? r.expectedRevision
        : r.expectedRevision === 'no_stream'
          ? -1
          : revisionOf(r.streamId));
    after.set(r.streamId, base + r.events.length);
    for (const e of r.events) {
      records.push({
        streamName: prefix + r.streamId,
        record: jsonEvent({
          id: e.eventId,
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: recordProperties(e, copiedRecordedAt?.get(e.eventId)),
        }),
      });
    }
  }
  return { records, checks };
}

function stateOf(expected: Exclude<ExpectedRevision, 'any'>): ConsistencyCheck['expectedState'] {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}
