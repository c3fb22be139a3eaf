import { describe, expect, it } from 'vitest';
import { EventIdReusedError } from '../../errors/store-errors.ts';
import type { NormalisedEvent } from '../append-input.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import type { CommittedState } from './group-plan.ts';
import { replayVerdicts, type StoredEventRow } from './idempotent-replay.ts';
import { ev as event, id, unit } from './testing/append-units.ts';

const ev = (n: number, data: Record<string, unknown> = { n }) => event(n, { data });
const committed: CommittedState = {
  revisions: new Map([['a', 9]]),
  head: { position: 40, hash: GENESIS_HASH, recordedAt: '2025-03-01T00:00:00.000Z' },
};

/** The row the store would hold for an event stored at this revision and position. */
function storedRow(streamId: string, e: NormalisedEvent, revision: number, position: number): StoredEventRow {
  return {
    id: e.eventId,
    global_position: position,
    stream_id: streamId,
    stream_revision: revision,
    type: e.type,
    schema_version: e.schemaVersion,
    occurred_at: e.occurredAt,
    recorded_at: '2025-02-20T00:00:00.000Z',
    metadata: e.metadataJson,
    data: e.dataJson,
  };
}
const storeOf = (...rows: StoredEventRow[]) => new Map(rows.map((r) => [r.id, r]));

describe('replayVerdicts', () => {
  it('answers a retry of stored events with the first append’s results', () => {
    const retry = unit({ streamId: 'a', events: [ev(1), ev(2)] });
    const [e1, e2] = retry.requests[0]!.events;
    const verdicts = replayVerdicts(
      [retry],
      storeOf(storedRow('a', e1!, 3, 21), storedRow('a', e2!, 4, 22)),
      committed,
    );
    expect(verdicts.get(retry)).toEqual({
      results: [
        {
          streamId: 'a',
          events: [
            { eventId: id(1), streamRevision: 3, globalPosition: 21 },
            { eventId: id(2), streamRevision: 4, globalPosition: 22 },
          ],
          nextExpectedRevision: 4,
          position: 22,
          idempotentReplay: true,
        },
      ],
    });
  });

  it('takes the same data in another key order as the same content', () => {
    const stored = unit({ streamId: 'a', events: [ev(1, { x: 1, y: 2 })] }).requests[0]!.events[0]!;
    const retry = unit({ streamId: 'a', events: [ev(1, { y: 2, x: 1 })] });
    const verdict = replayVerdicts([retry], storeOf(storedRow('a', stored, 0, 1)), committed).get(retry);
    expect(verdict).toMatchObject({ results: [{ idempotentReplay: true }] });
  });

  it('gives no verdict when none of the ids is stored', () => {
    const fresh = unit({ streamId: 'a', events: [ev(1)] });
    expect(replayVerdicts([fresh], new Map(), committed).size).toBe(0);
  });

  it('refuses an append of which only some ids are stored', () => {
    const partial = unit({ streamId: 'a', events: [ev(1), ev(2)] });
    const e1 = partial.requests[0]!.events[0]!;
    const verdict = replayVerdicts([partial], storeOf(storedRow('a', e1, 0, 1)), committed).get(partial);
    const error = verdict && 'error' in verdict ? verdict.error : undefined;
    expect(error).toBeInstanceOf(EventIdReusedError);
    expect(error?.message).toContain(id(1));
    expect(error?.message).toContain('only part of this batch is stored');
  });

  it('refuses an id stored with other content, or in another stream', () => {
    const original = unit({ streamId: 'a', events: [ev(1)] }).requests[0]!.events[0]!;
    const otherData = unit({ streamId: 'a', events: [ev(1, { n: 2 })] });
    const otherStream = unit({ streamId: 'b', events: [ev(1)] });
    const verdicts = replayVerdicts([otherData, otherStream], storeOf(storedRow('a', original, 0, 1)), committed);
    for (const u of [otherData, otherStream]) {
      const verdict = verdicts.get(u);
      const error = verdict && 'error' in verdict ? verdict.error : undefined;
      expect(error).toBeInstanceOf(EventIdReusedError);
      expect(error?.message).toContain('stored with different content');
    }
  });

  it('answers a request without events from the committed state', () => {
    const retry = unit({ streamId: 'b', events: [ev(1)] }, { streamId: 'a', events: [], expectedRevision: 9 });
    const e1 = retry.requests[0]!.events[0]!;
    const verdict = replayVerdicts([retry], storeOf(storedRow('b', e1, 0, 5)), committed).get(retry);
    expect(verdict).toEqual({
      results: [
        {
          streamId: 'b',
          events: [{ eventId: id(1), streamRevision: 0, globalPosition: 5 }],
          nextExpectedRevision: 0,
          position: 5,
          idempotentReplay: true,
        },
        { streamId: 'a', events: [], nextExpectedRevision: 9, position: 40, idempotentReplay: true },
      ],
    });
  });
});
