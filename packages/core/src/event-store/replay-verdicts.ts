import { isDeepStrictEqual } from 'node:util';
import { EventIdReusedError } from '../errors/store-errors.ts';
import type { NormalisedEvent, NormalisedRequest } from './append-input.ts';
import type { AppendResult } from './event-store.ts';
import { NO_STREAM_REVISION } from './expected-revision.ts';

/** One caller's atomic unit of work: all of its requests are written, or none. */
export interface AppendUnit {
  readonly requests: readonly NormalisedRequest[];
}

/** What an adapter knows of its committed state when answering a replay of a request without events. */
export interface ReplayState {
  /** Last committed revision per stream; a stream missing here does not exist. */
  readonly revisions: ReadonlyMap<string, number>;
  readonly head: { readonly position: number };
}

/** How a unit is answered without being written: the first append's results, or an error. */
export type Verdict = { results: AppendResult[] } | { error: Error };

/** A stored event, as far as telling a retry from a reused id needs (instants canonical ISO, JSON as text). */
export type StoredEventRow = {
  id: string;
  global_position: number;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  metadata: string;
  data: string;
};

/**
 * For units that conflicted or hit the unique index, given what the store holds of their ids: all
 * stored with the same content → the first append's result (nothing written). Some stored, or
 * other content → EventIdReusedError. None stored → no verdict: the unit's own error stands.
 * A request without events is answered from the committed state.
 */
export function replayVerdicts<U extends AppendUnit>(
  units: readonly U[],
  stored: ReadonlyMap<string, StoredEventRow>,
  committed: ReplayState,
): Map<U, Verdict> {
  const verdicts = new Map<U, Verdict>();
  for (const unit of units) {
    const all = unit.requests.flatMap((r) =>
      r.events.map((e) => ({ request: r, event: e, row: stored.get(e.eventId) })),
    );
    const found = all.filter((x) => x.row !== undefined);
    if (found.length === 0) continue;
    const firstMissing = all.find((x) => x.row === undefined);
    if (firstMissing) {
      const reused = found[0]!.event.eventId;
      verdicts.set(unit, {
        error: new EventIdReusedError(reused, {
          vi: 'đã nằm trong một lần ghi khác (chỉ một phần của lô này đã được lưu)',
          en: 'it belongs to another append (only part of this batch is stored)',
        }),
      });
      continue;
    }
    const different = all.find((x) => !sameContent(x.request.streamId, x.event, x.row!));
    if (different) {
      verdicts.set(unit, {
        error: new EventIdReusedError(different.event.eventId, {
          vi: 'đã lưu với nội dung khác',
          en: 'stored with different content',
        }),
      });
      continue;
    }
    verdicts.set(unit, {
      results: unit.requests.map((request) => {
        const rows = request.events.map((e) => stored.get(e.eventId)!);
        if (rows.length === 0) {
          const revision = committed.revisions.get(request.streamId) ?? NO_STREAM_REVISION;
          return {
            streamId: request.streamId,
            events: [],
            nextExpectedRevision: revision,
            position: committed.head.position,
            idempotentReplay: true,
          };
        }
        return {
          streamId: request.streamId,
          events: rows.map((r) => ({
            eventId: r.id,
            streamRevision: r.stream_revision,
            globalPosition: r.global_position,
          })),
          nextExpectedRevision: Math.max(...rows.map((r) => r.stream_revision)),
          position: Math.max(...rows.map((r) => r.global_position)),
          idempotentReplay: true,
        };
      }),
    });
  }
  return verdicts;
}

function sameContent(streamId: string, e: NormalisedEvent, row: StoredEventRow): boolean {
  if (row.stream_id !== streamId || row.type !== e.type || row.schema_version !== e.schemaVersion) return false;
  if (row.occurred_at !== e.occurredAt) return false;
  const dataSame = row.data === e.dataJson || isDeepStrictEqual(JSON.parse(row.data), e.data);
  const metaSame = row.metadata === e.metadataJson || isDeepStrictEqual(JSON.parse(row.metadata), e.metadata);
  return dataSame && metaSame;
}
