import { randomUUID } from 'node:crypto';
import {
  AppendConsistencyViolationError,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  STREAM_STATE,
} from '@kurrent/kurrentdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsdbStandIn } from './esdb-stand-in.ts';

// The stand-in, through the real client: the protocol behaviour the adapter relies on.
let standIn: EsdbStandIn;
let client: KurrentDBClient;
beforeAll(async () => {
  standIn = await EsdbStandIn.start();
  client = KurrentDBClient.connectionString(standIn.url);
});
afterAll(async () => {
  await client.dispose();
  await standIn.stop();
});
const record = (streamName: string) => ({
  streamName,
  record: jsonEvent({ id: randomUUID(), type: 'SomethingHappened', data: { a: 1 }, metadata: { k: 'v' } }),
});

describe('EventStoreDB stand-in', () => {
  it('AppendRecords: all or nothing, every failing check reported, and a check on a stream it does not write', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => `${s}-${randomUUID().slice(0, 6)}`) as [string, string, string];
    const ok = await client.appendRecords(
      [record(a), record(b), record(a)],
      [{ type: STREAM_STATE, streamName: a, expectedState: NO_STREAM }],
    );
    expect(ok.responses).toEqual([
      { streamName: a, revision: 1n },
      { streamName: b, revision: 0n },
    ]);
    const before = standIn.events.length;
    const error = await client
      .appendRecords(
        [record(c)],
        [
          { type: STREAM_STATE, streamName: a, expectedState: 0n },
          { type: STREAM_STATE, streamName: b, expectedState: NO_STREAM },
        ],
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendConsistencyViolationError);
    expect((error as AppendConsistencyViolationError).violations.map((v) => [v.streamName, v.actualState])).toEqual([
      [a, 1n],
      [b, 0n],
    ]);
    expect(standIn.events.length).toBe(before);
  });

  it('a subscription to $all catches up, says so, then follows live appends; properties come back as JSON metadata', async () => {
    const stream = `s-${randomUUID().slice(0, 6)}`;
    await client.appendRecords([record(stream)]);
    const seen: { streamId: string; metadata: unknown }[] = [];
    let caughtUpAt = -1;
    const subscription = client.subscribeToAll();
    subscription.on('caughtUp', () => {
      caughtUpAt = seen.length;
    });
    const live = new Promise<void>((resolve) => {
      subscription.on('data', (e: { event?: { streamId: string; metadata: unknown } }) => {
        if (e.event) seen.push(e.event);
        if (caughtUpAt >= 0 && seen.length > caughtUpAt) resolve();
      });
    });
    await new Promise<void>((resolve) => {
      const wait = () => (caughtUpAt >= 0 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    expect(caughtUpAt).toBe(standIn.events.length);
    await client.appendRecords([record(stream)]);
    await live;
    await subscription.unsubscribe();
    expect(seen.at(-1)).toMatchObject({
      streamId: stream,
      metadata: { k: 'v', '$schema.name': 'SomethingHappened', '$schema.format': 'Json' },
    });
  });
});
