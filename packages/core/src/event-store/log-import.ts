import { StoreWriteError } from '../errors/store-errors.ts';
import type { NewEvent, RecordedEvent } from '../events/envelope.ts';
import type { AppendRequest, EventStore } from './event-store.ts';
import { expectedRevisionAt } from './expected-revision.ts';

/** The copied event as an append: same id, type, version, data, metadata and occurredAt. */
export function asNewEvent(e: RecordedEvent): NewEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    occurredAt: e.occurredAt,
  };
}

/** Consecutive events of one stream as one request, each at its exact expected revision. */
export function requestsOf(events: readonly RecordedEvent[]): AppendRequest[] {
  const requests: { streamId: string; events: NewEvent[]; expectedRevision: number | 'no_stream' }[] = [];
  for (const e of events) {
    const last = requests.at(-1);
    if (last && last.streamId === e.streamId) last.events.push(asNewEvent(e));
    else {
      const expected = expectedRevisionAt(e.streamRevision - 1);
      requests.push({
        streamId: e.streamId,
        events: [asNewEvent(e)],
        expectedRevision: expected === 'no_stream' ? 'no_stream' : Number(expected),
      });
    }
  }
  return requests;
}

/**
 * Imports with the store's own append, its clock held at each run of equal recordedAt (the embedded
 * and in-memory stores: their clock is the only source of recordedAt). Checks that every event
 * landed at its original position and revision.
 */
export async function importWithClock(
  store: EventStore,
  holdClock: (recordedAt: string | undefined) => void,
  events: readonly RecordedEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; ) {
    let j = i + 1;
    while (j < events.length && events[j]!.recordedAt === events[i]!.recordedAt) j++;
    const run = events.slice(i, j);
    holdClock(run[0]!.recordedAt);
    try {
      const results = await store.appendMany(requestsOf(run));
      checkLanded(
        run,
        results.flatMap((r) => r.events),
      );
    } finally {
      holdClock(undefined);
    }
    i = j;
  }
}

export function checkLanded(
  run: readonly RecordedEvent[],
  landed: readonly { eventId: string; streamRevision: number; globalPosition: number }[],
): void {
  run.forEach((e, k) => {
    const got = landed[k];
    if (
      !got ||
      got.eventId !== e.eventId ||
      got.globalPosition !== e.globalPosition ||
      got.streamRevision !== e.streamRevision
    ) {
      throw new StoreWriteError(
        `copy diverged at position ${e.globalPosition}: the target is not a prefix of the source / bản sao lệch tại vị trí ${e.globalPosition}`,
      );
    }
  });
}
