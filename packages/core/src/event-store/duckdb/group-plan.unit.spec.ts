import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../errors/store-errors.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { type CommittedState, planGroup } from './group-plan.ts';
import type { PreparedRow } from './row-codec.ts';
import { ev, id, SPEC_NOW, unit } from './testing/append-units.ts';

const empty: CommittedState = {
  revisions: new Map(),
  head: { position: 0, hash: GENESIS_HASH, recordedAt: new Date(0).toISOString() },
};
/** The fields of a packed row: canonical content, then task, unit, actor, source, known, prev hash, hash. */
const fields = (row: PreparedRow) => row.packed.split('\x1f');
const prevHashOf = (row: PreparedRow) => fields(row)[15];
const knownAtOf = (row: PreparedRow) => fields(row)[14];
const recordedAtOf = (row: PreparedRow) => fields(row)[7];

describe('planGroup', () => {
  it('numbers the accepted events densely after the head and chains their hashes from it', () => {
    const committed: CommittedState = {
      revisions: new Map([['a', 4]]),
      head: { position: 10, hash: 'f'.repeat(64), recordedAt: '2025-01-01T00:00:00.000Z' },
    };
    const first = unit({ streamId: 'a', events: [ev(1), ev(2)], expectedRevision: 4 });
    const second = unit({ streamId: 'b', events: [ev(3)], expectedRevision: 'no_stream' });
    const plan = planGroup([first, second], committed, SPEC_NOW);

    expect(plan.accepted).toEqual([
      {
        unit: first,
        results: [
          {
            streamId: 'a',
            events: [
              { eventId: id(1), streamRevision: 5, globalPosition: 11 },
              { eventId: id(2), streamRevision: 6, globalPosition: 12 },
            ],
            nextExpectedRevision: 6,
            position: 12,
            idempotentReplay: false,
          },
        ],
      },
      {
        unit: second,
        results: [
          {
            streamId: 'b',
            events: [{ eventId: id(3), streamRevision: 0, globalPosition: 13 }],
            nextExpectedRevision: 0,
            position: 13,
            idempotentReplay: false,
          },
        ],
      },
    ]);
    expect(plan.rejected.size).toBe(0);
    expect(plan.deferred).toEqual([]);
    expect(plan.rows.map((r) => r.eventId)).toEqual([id(1), id(2), id(3)]);
    expect(plan.rows.map(prevHashOf)).toEqual(['f'.repeat(64), plan.rows[0]!.hash, plan.rows[1]!.hash]);
    expect(plan.revisions).toEqual(
      new Map([
        ['a', 6],
        ['b', 0],
      ]),
    );
    expect(plan.head).toEqual({ position: 13, hash: plan.rows[2]!.hash, recordedAt: SPEC_NOW });
  });

  it('leaves the committed state as it was', () => {
    const committed: CommittedState = { revisions: new Map([['a', 0]]), head: empty.head };
    planGroup([unit({ streamId: 'a', events: [ev(1)] })], committed, SPEC_NOW);
    expect(committed.revisions).toEqual(new Map([['a', 0]]));
    expect(committed.head).toEqual(empty.head);
  });

  it('rejects a unit whose expected revision does not hold, and numbers the next one as if it were not there', () => {
    const committed: CommittedState = { revisions: new Map([['a', 2]]), head: { ...empty.head, position: 3 } };
    const stale = unit({ streamId: 'a', events: [ev(1)], expectedRevision: 1 });
    const fresh = unit({ streamId: 'a', events: [ev(2)], expectedRevision: 2 });
    const plan = planGroup([stale, fresh], committed, SPEC_NOW);

    expect([...plan.rejected.keys()]).toEqual([stale]);
    const conflict = plan.rejected.get(stale);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect(conflict).toMatchObject({ streamId: 'a', expected: 1, actual: 2 });
    expect(plan.accepted.map((a) => a.unit)).toEqual([fresh]);
    expect(plan.accepted[0]!.results[0]!.events).toEqual([{ eventId: id(2), streamRevision: 3, globalPosition: 4 }]);
    expect(plan.rows.map((r) => r.eventId)).toEqual([id(2)]);
    expect(plan.rows[0]!.packed.startsWith(id(2))).toBe(true);
  });

  it('checks a unit against the units accepted before it in the same group', () => {
    const first = unit({ streamId: 'a', events: [ev(1)], expectedRevision: 'no_stream' });
    const sameExpectation = unit({ streamId: 'a', events: [ev(2)], expectedRevision: 'no_stream' });
    const following = unit({ streamId: 'a', events: [ev(3)], expectedRevision: 0 });
    const plan = planGroup([first, sameExpectation, following], empty, SPEC_NOW);

    expect(plan.accepted.map((a) => a.unit)).toEqual([first, following]);
    expect(plan.rejected.get(sameExpectation)).toMatchObject({ expected: 'no_stream', actual: 0 });
    expect(plan.revisions.get('a')).toBe(1);
  });

  it('writes none of a unit whose second request conflicts (all or nothing)', () => {
    const committed: CommittedState = { revisions: new Map([['b', 0]]), head: { ...empty.head, position: 1 } };
    const both = unit(
      { streamId: 'a', events: [ev(1)], expectedRevision: 'no_stream' },
      { streamId: 'b', events: [ev(2)], expectedRevision: 'no_stream' },
    );
    const plan = planGroup([both], committed, SPEC_NOW);

    expect(plan.accepted).toEqual([]);
    expect(plan.rows).toEqual([]);
    expect(plan.rejected.get(both)).toMatchObject({ streamId: 'b', expected: 'no_stream', actual: 0 });
    expect(plan.revisions.size).toBe(0);
    expect(plan.head).toEqual(committed.head);
  });

  it('sees a unit’s own earlier request to the same stream', () => {
    const twice = unit(
      { streamId: 'a', events: [ev(1)], expectedRevision: 'no_stream' },
      { streamId: 'a', events: [ev(2)], expectedRevision: 0 },
    );
    const plan = planGroup([twice], empty, SPEC_NOW);
    expect(plan.accepted[0]!.results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
    expect(plan.rows.map((r) => r.eventId)).toEqual([id(1), id(2)]);
  });

  it('defers a unit repeating an id of an accepted unit, not one repeating an id of a rejected unit', () => {
    const accepted = unit({ streamId: 'a', events: [ev(1)] });
    const retry = unit({ streamId: 'a', events: [ev(1)] });
    const rejected = unit({ streamId: 'b', events: [ev(2)], expectedRevision: 5 });
    const afterRejected = unit({ streamId: 'b', events: [ev(2)] });
    const plan = planGroup([accepted, retry, rejected, afterRejected], empty, SPEC_NOW);

    expect(plan.accepted.map((a) => a.unit)).toEqual([accepted, afterRejected]);
    expect(plan.deferred).toEqual([retry]);
    expect([...plan.rejected.keys()]).toEqual([rejected]);
    expect(plan.rows.map((r) => r.eventId)).toEqual([id(1), id(2)]);
  });

  it('answers a request without events (a revision check) with the current revision and position', () => {
    const committed: CommittedState = { revisions: new Map([['a', 3]]), head: { ...empty.head, position: 7 } };
    const check = unit({ streamId: 'a', events: [], expectedRevision: 3 });
    const plan = planGroup([check], committed, SPEC_NOW);
    expect(plan.accepted[0]!.results).toEqual([
      { streamId: 'a', events: [], nextExpectedRevision: 3, position: 7, idempotentReplay: false },
    ]);
    expect(plan.rows).toEqual([]);
    expect(plan.head.position).toBe(7);
  });

  it('records at the store clock, never before the head’s recordedAt', () => {
    const ahead = '2025-06-01T00:00:00.000Z';
    const committed: CommittedState = { revisions: new Map(), head: { ...empty.head, recordedAt: ahead } };
    const plan = planGroup([unit({ streamId: 'a', events: [ev(1)] })], committed, SPEC_NOW);
    expect(plan.rows.map(recordedAtOf)).toEqual([ahead]);
    expect(plan.head.recordedAt).toBe(ahead);
  });

  it('records a backfill at the store clock too: its claim of when the office knew is in its metadata', () => {
    const backfill = ev(1, {
      metadata: { actor: 'test', source: 'backfill', knownAt: '2025-02-15T00:00:00.000Z', reason: 'r' },
    });
    const plan = planGroup([unit({ streamId: 'a', events: [backfill, ev(2)] })], empty, SPEC_NOW);
    expect(plan.rows.map(recordedAtOf)).toEqual([SPEC_NOW, SPEC_NOW]);
    expect(plan.rows.map(knownAtOf)).toEqual(['2025-02-15T00:00:00.000Z', '']);
    expect(plan.head.recordedAt).toBe(SPEC_NOW);
  });
});
