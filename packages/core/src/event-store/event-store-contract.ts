import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/cchc-error.ts';
import { ConcurrencyError, EventIdReusedError } from '../errors/store-errors.ts';
import type { NewEvent, RecordedEvent } from '../events/envelope.ts';
import type { EventStore } from './event-store.ts';

/**
 * The behaviour every EventStore adapter must have, written once as a function of a factory (the
 * way kysely runs one suite per dialect). Adapter-neutral: no SQL, no files, no hashes. Test code only.
 */
export function eventStoreContract(adapterName: string, openStore: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    const opened: EventStore[] = [];
    const open = async () => {
      const store = await openStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    const meta = { actor: 'contract-test', source: 'test' } as const;
    const event = (data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
      eventId: randomUUID(),
      type: 'SomethingHappened',
      data,
      metadata: meta,
      occurredAt: '2025-03-10T09:00:00+07:00',
      ...extra,
    });
    const stream = () => `s-${randomUUID().slice(0, 8)}`;
    const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
      try {
        await promise;
      } catch (error) {
        return error;
      }
      throw new Error('expected a rejection');
    };

    describe('expected revision', () => {
      it('no_stream: creates a stream, then refuses because it exists', async () => {
        const store = await open();
        const s = stream();
        const first = await store.appendToStream(s, [event(), event()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1);
        expect(first.events.map((e) => e.streamRevision)).toEqual([0, 1]);
        const error = await rejection(store.appendToStream(s, [event()], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ streamId: s, expected: 'no_stream', actual: 1 });
      });

      it('exact: appends at the matching revision and refuses any other, carrying expected and actual', async () => {
        const store = await open();
        const s = stream();
        await store.appendToStream(s, [event()], { expectedRevision: 'no_stream' });
        const ok = await store.appendToStream(s, [event()], { expectedRevision: 0 });
        expect(ok.nextExpectedRevision).toBe(1);
        const behind = await rejection(store.appendToStream(s, [event()], { expectedRevision: 0 }));
        expect(behind).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expected: 0, actual: 1 });
        const ahead = await rejection(store.appendToStream(s, [event()], { expectedRevision: 5 }));
        expect(ahead).toMatchObject({ expected: 5, actual: 1 });
        const missing = await rejection(store.appendToStream(stream(), [event()], { expectedRevision: 0 }));
        expect(missing).toMatchObject({ expected: 0, actual: -1 });
      });

      it('any: appends whatever the revision', async () => {
        const store = await open();
        const s = stream();
        expect((await store.appendToStream(s, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.appendToStream(s, [event()])).nextExpectedRevision).toBe(1);
      });

      it('stream_exists: refuses a missing stream, accepts an existing one', async () => {
        const store = await open();
        const s = stream();
        expect(
          await rejection(store.appendToStream(s, [event()], { expectedRevision: 'stream_exists' })),
        ).toMatchObject({ actual: -1 });
        await store.appendToStream(s, [event()]);
        expect(
          (await store.appendToStream(s, [event()], { expectedRevision: 'stream_exists' })).nextExpectedRevision,
        ).toBe(1);
      });

      it('a conflict writes nothing', async () => {
        const store = await open();
        const s = stream();
        await store.appendToStream(s, [event()]);
        const head = await store.headPosition();
        await rejection(store.appendToStream(s, [event(), event()], { expectedRevision: 7 }));
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('idempotency by event id', () => {
      it('a retried append returns the first result and writes nothing', async () => {
        const store = await open();
        const s = stream();
        const batch = [event({ n: 1 }), event({ n: 2 })];
        const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        // The retry carries the same (now stale) expected revision: it is a replay, not a conflict.
        const retry = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        expect(retry.events).toEqual(first.events);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(retry.position).toBe(first.position);
        expect(retry.idempotentReplay).toBe(true);
        expect(first.idempotentReplay).toBe(false);
        const anyRetry = await store.appendToStream(s, batch);
        expect(anyRetry.events).toEqual(first.events);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('a retry whose data has its keys in another order is the same content', async () => {
        const store = await open();
        const s = stream();
        const e = event({ a: 1, b: { c: 2, d: 3 } });
        const first = await store.appendToStream(s, [e]);
        const retry = await store.appendToStream(s, [{ ...e, data: { b: { d: 3, c: 2 }, a: 1 } }]);
        expect(retry.events).toEqual(first.events);
      });

      it('an id reused with different content is an error and writes nothing', async () => {
        const store = await open();
        const s = stream();
        const e = event({ percent: 40 });
        await store.appendToStream(s, [e]);
        const head = await store.headPosition();
        const error = await rejection(store.appendToStream(s, [{ ...e, data: { percent: 50 } }]));
        expect(error).toBeInstanceOf(EventIdReusedError);
        expect(error).toMatchObject({ code: 'EVENT_ID_REUSED', eventId: e.eventId });
        const otherStream = await rejection(store.appendToStream(stream(), [e]));
        expect(otherStream).toBeInstanceOf(EventIdReusedError);
        expect(await store.headPosition()).toBe(head);
      });

      it('an append mixing a stored id with new ones is an error and writes nothing', async () => {
        const store = await open();
        const s = stream();
        const e = event();
        await store.appendToStream(s, [e]);
        const head = await store.headPosition();
        expect(await rejection(store.appendToStream(s, [e, event()]))).toBeInstanceOf(EventIdReusedError);
        expect(await store.headPosition()).toBe(head);
      });

      it('the same id twice in one append is refused', async () => {
        const store = await open();
        const e = event();
        expect(await rejection(store.appendToStream(stream(), [e, e]))).toBeInstanceOf(ValidationError);
        expect(await store.headPosition()).toBe(0);
      });

      it('concurrent retries of one append store it once', async () => {
        const store = await open();
        const s = stream();
        const batch = [event(), event()];
        const results = await Promise.all(Array.from({ length: 8 }, () => store.appendToStream(s, batch)));
        for (const r of results) expect(r.events).toEqual(results[0]!.events);
        expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe('atomicity', () => {
      it('an invalid event in a batch rejects the whole batch', async () => {
        const store = await open();
        const s = stream();
        const bad = { ...event(), occurredAt: 'hôm qua' };
        const error = await rejection(store.appendToStream(s, [event(), bad]));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]?.path).toBe('events[1].occurredAt');
        expect(await store.readStream(s)).toHaveLength(0);
        expect(await store.headPosition()).toBe(0);
      });

      it('appendMany writes every stream or none', async () => {
        const store = await open();
        const [a, b, c] = [stream(), stream(), stream()];
        await store.appendToStream(b, [event()]);
        const error = await rejection(
          store.appendMany([
            { streamId: a, events: [event()], expectedRevision: 'no_stream' },
            { streamId: b, events: [event()], expectedRevision: 'no_stream' },
            { streamId: c, events: [event()] },
          ]),
        );
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(a)).toHaveLength(0);
        expect(await store.readStream(c)).toHaveLength(0);
        const ok = await store.appendMany([
          { streamId: a, events: [event(), event()], expectedRevision: 'no_stream' },
          { streamId: b, events: [event()], expectedRevision: 0 },
        ]);
        expect(ok.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
        expect(ok[1]!.events[0]!.globalPosition).toBe(ok[0]!.events[1]!.globalPosition + 1);
      });

      it('a request without events checks a revision: the whole append fails if it moved', async () => {
        const store = await open();
        const [target, source] = [stream(), stream()];
        await store.appendToStream(target, [event()]);
        const checked = await store.appendMany([
          { streamId: target, events: [], expectedRevision: 0 },
          { streamId: source, events: [event()], expectedRevision: 'no_stream' },
        ]);
        expect(checked[0]).toMatchObject({ events: [], nextExpectedRevision: 0 });
        expect(checked[1]!.events).toHaveLength(1);
        await store.appendToStream(target, [event()]);
        const error = await rejection(
          store.appendMany([
            { streamId: target, events: [], expectedRevision: 0 },
            { streamId: source, events: [event()], expectedRevision: 0 },
          ]),
        );
        expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: target, actual: 1 });
        expect(await store.readStream(source)).toHaveLength(1);
        expect(await rejection(store.appendToStream(stream(), []))).toBeInstanceOf(ValidationError);
      });

      it('appendMany may touch one stream twice, in order', async () => {
        const store = await open();
        const s = stream();
        const r = await store.appendMany([
          { streamId: s, events: [event()], expectedRevision: 'no_stream' },
          { streamId: s, events: [event()], expectedRevision: 0 },
        ]);
        expect(r.map((x) => x.nextExpectedRevision)).toEqual([0, 1]);
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards, from a revision, with a limit', async () => {
        const store = await open();
        const s = stream();
        await store.appendToStream(stream(), [event()]);
        await store.appendToStream(
          s,
          [0, 1, 2, 3, 4].map((n) => event({ n })),
        );
        const all = await store.readStream(s);
        expect(all.map((e) => e.data)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
        expect(all.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
        expect((await store.readStream(s, { fromRevision: 2, maxCount: 2 })).map((e) => e.streamRevision)).toEqual([
          2, 3,
        ]);
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.streamRevision)).toEqual([
          4, 3, 2, 1, 0,
        ]);
        expect(
          (await store.readStream(s, { direction: 'backwards', fromRevision: 3, maxCount: 2 })).map(
            (e) => e.streamRevision,
          ),
        ).toEqual([3, 2]);
        expect(await store.readStream(stream())).toEqual([]);
        expect(await store.streamRevision(s)).toBe(4);
        expect(await store.streamRevision(stream())).toBe(-1);
      });

      it('reads the global log from a position with a limit', async () => {
        const store = await open();
        for (let i = 0; i < 5; i++) await store.appendToStream(stream(), [event({ i }), event({ i, second: true })]);
        const all = await store.readAll({ limit: 100 });
        expect(all.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const page = await store.readAll({ fromPosition: 4, limit: 3 });
        expect(page.map((e) => e.globalPosition)).toEqual([4, 5, 6]);
        expect(await store.readAll({ fromPosition: 11 })).toEqual([]);
        expect(await store.headPosition()).toBe(10);
      });

      it('keeps the envelope: ids, types, versions, metadata, instants in UTC and unicode data', async () => {
        const store = await open();
        const s = stream();
        const e = event(
          { taskId: 'II.3', note: 'Số hóa hồ sơ "đúng hạn" ✓', nested: { list: [1, 'hai', null, true] } },
          {
            type: 'ProgressReported',
            schemaVersion: 2,
            metadata: { ...meta, unitId: 'vpdkdd', correlationId: 'c-1', causationId: 'cmd-1' },
          },
        );
        const before = Date.now();
        await store.appendToStream(s, [e]);
        const after = Date.now();
        const [stored] = await store.readStream(s);
        expect(stored).toMatchObject({
          eventId: e.eventId,
          streamId: s,
          streamRevision: 0,
          type: 'ProgressReported',
          schemaVersion: 2,
          data: e.data,
          metadata: e.metadata,
          occurredAt: '2025-03-10T02:00:00.000Z',
        });
        const recorded = Date.parse(stored!.recordedAt);
        expect(recorded).toBeGreaterThanOrEqual(before - 1);
        expect(recorded).toBeLessThanOrEqual(after + 1);
      });

      it('no event sets its recordedAt; a backfill carries when the office knew, and why', async () => {
        const store = await open();
        const s = stream();
        const forged = { ...event({}), recordedAt: '2025-03-11T09:00:00+07:00' } as NewEvent;
        expect(await rejection(store.appendToStream(s, [forged]))).toBeInstanceOf(ValidationError);
        const knownAt = '2025-03-11T02:00:00.000Z';
        const claim = { actor: 'importer', source: 'backfill', knownAt, reason: 'sổ giấy' } as const;
        for (const metadata of [
          { actor: 'importer', source: 'backfill' },
          { actor: 'importer', source: 'backfill', knownAt },
          { actor: 'importer', source: 'cli', knownAt, reason: 'x' },
        ] as const) {
          expect(await rejection(store.appendToStream(s, [event({}, { metadata })]))).toBeInstanceOf(ValidationError);
        }
        const before = Date.now();
        await store.appendToStream(s, [event({}, { metadata: claim })]);
        const [stored] = await store.readStream(s);
        expect(stored!.metadata).toEqual(claim);
        expect(Date.parse(stored!.recordedAt)).toBeGreaterThanOrEqual(before - 1);
      });
    });

    describe('global order', () => {
      it('concurrent appenders get dense positions and every stream stays in order', async () => {
        const store = await open();
        const callers = 16;
        const perCaller = 25;
        await Promise.all(
          Array.from({ length: callers }, async (_, c) => {
            let expected: 'no_stream' | number = 'no_stream';
            for (let i = 0; i < perCaller; i++) {
              const r = await store.appendToStream(`caller-${c}`, [event({ c, i })], { expectedRevision: expected });
              expected = r.nextExpectedRevision;
            }
          }),
        );
        const log = await store.readAll({ limit: 10_000 });
        expect(log.map((e) => e.globalPosition)).toEqual(Array.from({ length: callers * perCaller }, (_, i) => i + 1));
        for (let c = 0; c < callers; c++) {
          const own = log.filter((e) => e.streamId === `caller-${c}`);
          expect(own.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: perCaller }, (_, i) => i));
          expect(own.map((e) => e.streamRevision)).toEqual(Array.from({ length: perCaller }, (_, i) => i));
        }
      });

      it('racing appends at the same expected revision: exactly one wins', async () => {
        const store = await open();
        const s = stream();
        await store.appendToStream(s, [event()]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.appendToStream(s, [event()], { expectedRevision: 0 })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.streamRevision(s)).toBe(1);
      });
    });

    describe('subscription to the global log', () => {
      const collect = (store: EventStore, fromPosition?: number) => {
        const seen: RecordedEvent[] = [];
        const waiters: { count: number; resolve: () => void }[] = [];
        const subscription = store.subscribeToAll(
          (events) => {
            seen.push(...events);
            for (const w of waiters.filter((w) => seen.length >= w.count)) w.resolve();
          },
          { batchSize: 3, ...(fromPosition !== undefined ? { fromPosition } : {}) },
        );
        const until = (count: number) =>
          seen.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }));
        return { seen, subscription, until };
      };

      it('catches up, then follows live appends in order', async () => {
        const store = await open();
        for (let i = 0; i < 7; i++) await store.appendToStream(stream(), [event({ i })]);
        const { seen, subscription, until } = collect(store);
        await until(7);
        await store.appendToStream(stream(), [event({ i: 7 }), event({ i: 8 })]);
        await Promise.all([
          store.appendToStream(stream(), [event({ i: 9 })]),
          store.appendToStream(stream(), [event({ i: 10 })]),
        ]);
        await until(11);
        expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
        await subscription.stop();
        expect(subscription.position).toBe(11);
      });

      it('resumes from a checkpoint without repeating anything', async () => {
        const store = await open();
        for (let i = 0; i < 6; i++) await store.appendToStream(stream(), [event({ i })]);
        const first = collect(store);
        await first.until(6);
        await first.subscription.stop();
        const checkpoint = first.subscription.position;
        expect(checkpoint).toBe(6);
        await store.appendToStream(stream(), [event({ i: 6 })]);
        const resumed = collect(store, checkpoint + 1);
        await resumed.until(1);
        await store.appendToStream(stream(), [event({ i: 7 })]);
        await resumed.until(2);
        expect(resumed.seen.map((e) => e.globalPosition)).toEqual([7, 8]);
        await resumed.subscription.stop();
      });

      it('a failing handler ends the subscription with its error', async () => {
        const store = await open();
        await store.appendToStream(stream(), [event()]);
        const subscription = store.subscribeToAll(() => {
          throw new Error('handler failed');
        });
        await expect(subscription.done).rejects.toThrow('handler failed');
      });
    });
  });
}
