import { ConcurrencyError } from '../../errors/store-errors.ts';
import type { AppendResult } from '../event-store.ts';
import { NO_STREAM_REVISION, revisionMatches } from '../expected-revision.ts';
import type { AppendUnit } from '../replay-verdicts.ts';
import { type PreparedRow, prepareRow } from './row-codec.ts';

/** The last committed event: its position, its hash, and the floor for the next recordedAt. */
export interface ChainHead {
  readonly position: number;
  readonly hash: string;
  readonly recordedAt: string;
}

/** What the writer has committed, as it keeps it in memory. */
export interface CommittedState {
  /** Last committed revision per stream; a stream missing here does not exist. */
  readonly revisions: ReadonlyMap<string, number>;
  readonly head: ChainHead;
}

export type { AppendUnit } from '../replay-verdicts.ts';

export interface GroupPlan<U extends AppendUnit> {
  /** Units to commit, in group order, with the results to answer once the rows are stored. */
  readonly accepted: { readonly unit: U; readonly results: AppendResult[] }[];
  /** Units whose expected revision does not hold (they may still be retries: look their ids up). */
  readonly rejected: Map<U, ConcurrencyError>;
  /** Units repeating an event id of an accepted unit: answerable only once that one is stored. */
  readonly deferred: U[];
  /** The rows of the accepted units, hash-chained from the committed head. */
  readonly rows: PreparedRow[];
  /** The streams the accepted units move, with their revision after the commit. */
  readonly revisions: Map<string, number>;
  /** The head after the commit. */
  readonly head: ChainHead;
}

/**
 * Plans one group commit, without side effects: checks each unit's expected revisions against the
 * committed state and the units accepted before it, and numbers and hash-chains the accepted
 * units' events. `now` is the store clock (ISO): the recordedAt of every event of the group.
 */
export function planGroup<U extends AppendUnit>(
  units: readonly U[],
  committed: CommittedState,
  now: string,
): GroupPlan<U> {
  const revisions = new Map<string, number>();
  const revisionOf = (streamId: string) =>
    revisions.get(streamId) ?? committed.revisions.get(streamId) ?? NO_STREAM_REVISION;
  let position = committed.head.position;
  let prevHash = committed.head.hash;
  let lastRecordedAt = committed.head.recordedAt;
  // The store clock never runs backwards in the log, so "as known at T" is a prefix of it.
  // ISO strings of one format, compared as text (so not Math.max).
  const recordedAt = now > lastRecordedAt ? now : lastRecordedAt;
  const idsInGroup = new Set<string>();
  const accepted: { unit: U; results: AppendResult[] }[] = [];
  const rejected = new Map<U, ConcurrencyError>();
  const deferred: U[] = [];
  const rows: PreparedRow[] = [];

  for (const unit of units) {
    // An id already used by an earlier unit of this group is answered once that one is stored.
    if (unit.requests.some((r) => r.events.some((e) => idsInGroup.has(e.eventId)))) {
      deferred.push(unit);
      continue;
    }
    const unitRevisions = new Map<string, number>();
    const unitRows: PreparedRow[] = [];
    const results: AppendResult[] = [];
    let unitPosition = position;
    let unitHash = prevHash;
    let conflict: ConcurrencyError | undefined;
    for (const request of unit.requests) {
      let revision = unitRevisions.get(request.streamId) ?? revisionOf(request.streamId);
      if (!revisionMatches(request.expectedRevision, revision)) {
        conflict = new ConcurrencyError(request.streamId, request.expectedRevision, revision);
        break;
      }
      const refs = [];
      for (const e of request.events) {
        revision += 1;
        unitPosition += 1;
        const row = prepareRow(
          {
            eventId: e.eventId,
            streamId: request.streamId,
            streamRevision: revision,
            globalPosition: unitPosition,
            type: e.type,
            schemaVersion: e.schemaVersion,
            occurredAt: e.occurredAt,
            recordedAt,
            knownAt: e.knownAt,
            taskId: e.taskId,
            unitId: e.unitId,
            actor: e.metadata.actor,
            source: e.metadata.source,
            metadataJson: e.metadataJson,
            dataJson: e.dataJson,
          },
          unitHash,
        );
        unitHash = row.hash;
        unitRows.push(row);
        refs.push({ eventId: e.eventId, streamRevision: revision, globalPosition: unitPosition });
      }
      unitRevisions.set(request.streamId, revision);
      results.push({
        streamId: request.streamId,
        events: refs,
        nextExpectedRevision: revision,
        position: unitPosition,
        idempotentReplay: false,
      });
    }
    if (conflict) {
      rejected.set(unit, conflict);
      continue;
    }
    position = unitPosition;
    prevHash = unitHash;
    for (const [s, r] of unitRevisions) revisions.set(s, r);
    for (const row of unitRows) {
      idsInGroup.add(row.eventId);
      if (row.recordedAt > lastRecordedAt) lastRecordedAt = row.recordedAt;
      rows.push(row);
    }
    accepted.push({ unit, results });
  }
  return {
    accepted,
    rejected,
    deferred,
    rows,
    revisions,
    head: { position, hash: prevHash, recordedAt: lastRecordedAt },
  };
}
