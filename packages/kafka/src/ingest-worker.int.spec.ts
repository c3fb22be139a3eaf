import { randomUUID } from 'node:crypto';
import {
  capabilityOf,
  type EventStore,
  eventIdFor,
  type LedgerStore,
  type PlanDefinition,
  type RecordedEvent,
} from '@cchc/core';
import type { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DLQ_HEADERS } from './dead-letter.ts';
import { IngestWorker } from './ingest-worker.ts';
import { createKafka } from './kafka-client.ts';
import {
  createTopics,
  groupLag,
  LATE_FEED,
  openLedgerWithPlan,
  produceAll,
  progressWorkload,
  recordEvidenceFile,
  waitFor,
  workloadOutcome,
} from './testing/ledger-fixture.ts';
import './testing/kafka-test-environment.ts';

const LATE = { kind: 'late', reason: LATE_FEED } as const;

const environment = inject('kafka');

/** Every event of the log. */
async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: events.length + 1, limit: 10_000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** Reads `count` messages of a topic from the beginning. */
async function consumeTopic(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: { partition: number; message: KafkaMessage }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push({ partition, message }) });
    await waitFor(() => seen.length >= count, 30_000, `${count} messages on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe.skipIf(environment.skipReason !== undefined)('ingest worker against a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let store: LedgerStore;
  let plan: PlanDefinition;
  const workers: IngestWorker[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: environment.brokers!, clientId: 'ingest-int-test' });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin?.disconnect());
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await store?.close();
  });

  /** A fresh ledger with the seed plan, fresh topics, and a running worker on them. */
  async function setUp(options: { partitions?: number; store?: (s: EventStore) => EventStore } = {}) {
    ({ store, plan } = await openLedgerWithPlan(':memory:'));
    const topic = `commands-${randomUUID()}`;
    const groupId = `ingest-${randomUUID()}`;
    await createTopics(admin, [topic, `${topic}.dlq`], options.partitions ?? 4);
    const worker = new IngestWorker({
      kafka,
      store: options.store ? options.store(store) : store,
      topic,
      groupId,
      sessionTimeoutMs: 6_000,
      backoff: { initialMs: 50, maxMs: 400 },
    });
    workers.push(worker);
    await worker.start();
    const drained = () =>
      waitFor(async () => (await groupLag(admin, groupId, topic)) === 0, 60_000, 'the group to commit every message');
    return { topic, groupId, worker, drained };
  }

  it('appends valid commands with ids derived from the command id, marked as from Kafka, and commits the offsets', async () => {
    const { topic, worker, drained } = await setUp();
    const head = await store.headPosition();
    const at = '2025-03-03T09:00:00+07:00';
    const command = (commandId: string, body: Record<string, unknown>) => ({
      key: String(body.taskId ?? body.unitId),
      value: JSON.stringify({ commandId, actor: 'he-thong-x', at, entry: LATE, planYear: 2025, ...body }),
    });
    await produceAll(kafka, topic, [
      command('c-start', { type: 'StartTask', taskId: 'VI.1', unitId: 'tt-cntt-tnmt' }),
      command('c-progress', {
        type: 'ReportProgress',
        taskId: 'VI.1',
        unitId: 'tt-cntt-tnmt',
        percent: 60,
        evidenceRefs: ['BC 1/TT'],
      }),
      command('c-submit', { type: 'SubmitProduct', taskId: 'VI.1', unitId: 'tt-cntt-tnmt', productRef: 'KH 12/TT' }),
      command('c-complete', { type: 'CompleteTask', taskId: 'VI.1', unitId: 'tt-cntt-tnmt' }),
      {
        key: 'tt-cntt-tnmt',
        value: JSON.stringify({
          commandId: 'c-report',
          actor: 'he-thong-x',
          type: 'SubmitPeriodicReport',
          unitId: 'tt-cntt-tnmt',
          year: 2025,
          period: 'Q1',
          at,
          entry: LATE,
        }),
      },
    ]);
    await drained();

    const events = (await allEvents(store)).slice(head);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['TaskStarted', 'ProgressReported', 'ProductSubmitted', 'TaskCompleted', 'PeriodicReportSubmitted']),
    );
    for (const id of ['c-start', 'c-progress', 'c-submit', 'c-complete', 'c-report']) {
      const event = events.find((e) => e.metadata.causationId === id)!;
      expect(event.eventId).toBe(eventIdFor(id, 0));
      expect(event.metadata).toMatchObject({ actor: 'he-thong-x', source: 'kafka' });
    }
    // One task's commands keep their order in its stream.
    expect((await store.readStream('task-2025-VI.1')).slice(1).map((e) => e.type)).toEqual([
      'TaskStarted',
      'ProgressReported',
      'ProductSubmitted',
      'TaskCompleted',
    ]);
    expect(worker.counters).toMatchObject({ messages: 5, accepted: 5, deadLettered: 0, events: 5 });
    expect((await capabilityOf(store, 'chainVerifier').verifyChain()).ok).toBe(true);
  });

  it('dead-letters each kind of unacceptable message with its reason, original bytes, key, headers and source, and carries on', async () => {
    const { topic, worker, drained } = await setUp({ partitions: 1 });
    const head = await store.headPosition();
    const at = '2025-03-03T09:00:00+07:00';
    const json = (body: Record<string, unknown>) => JSON.stringify({ at, entry: LATE, planYear: 2025, ...body });
    const bad = [
      { reason: 'not-json', key: 'II.3', value: Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x61]) },
      {
        reason: 'schema-invalid',
        key: 'II.3',
        value: json({ commandId: 'b-1', type: 'ReportProgress', taskId: 'II.3', unitId: 'vp-dkdd', percent: 150 }),
      },
      {
        reason: 'schema-invalid',
        key: 'II.3',
        value: json({ commandId: 'b-2', type: 'DeleteEverything', taskId: 'II.3' }),
      },
      {
        reason: 'unknown-task',
        key: 'VII.99',
        value: json({ commandId: 'b-3', type: 'StartTask', taskId: 'VII.99', unitId: 'tt-cntt-tnmt' }),
      },
      {
        reason: 'unknown-unit',
        key: 'VI.1',
        value: json({ commandId: 'b-4', type: 'StartTask', taskId: 'VI.1', unitId: 'khong-co-don-vi-nay' }),
      },
      {
        reason: 'rule-violation',
        key: 'VI.1',
        value: json({
          commandId: 'b-5',
          type: 'ReturnProduct',
          taskId: 'VI.1',
          unitId: 'tt-cntt-tnmt',
          reason: 'thiếu',
        }),
      },
    ];
    await produceAll(kafka, topic, [
      ...bad.map((b, i) => ({ key: b.key, value: b.value, headers: { 'trace-id': `t-${i}` } })),
      {
        key: 'VI.1',
        value: json({ commandId: 'good-after', type: 'StartTask', taskId: 'VI.1', unitId: 'tt-cntt-tnmt' }),
      },
    ]);
    await drained();

    const letters = await consumeTopic(kafka, `${topic}.dlq`, bad.length);
    expect(letters).toHaveLength(bad.length);
    for (const [i, expected] of bad.entries()) {
      const letter = letters.find((l) => header(l.message.headers, 'trace-id') === `t-${i}`)!.message;
      expect(header(letter.headers, DLQ_HEADERS.reason)).toBe(expected.reason);
      expect(letter.value).toEqual(Buffer.isBuffer(expected.value) ? expected.value : Buffer.from(expected.value));
      expect(letter.key?.toString()).toBe(expected.key);
      expect(header(letter.headers, DLQ_HEADERS.topic)).toBe(topic);
      expect(header(letter.headers, DLQ_HEADERS.partition)).toBe('0');
      expect(header(letter.headers, DLQ_HEADERS.offset)).toBe(String(i));
      expect(header(letter.headers, DLQ_HEADERS.message)!.length).toBeGreaterThan(5);
    }
    const ruleLetter = letters.find((l) => header(l.message.headers, DLQ_HEADERS.reason) === 'rule-violation')!;
    expect(header(ruleLetter.message.headers, DLQ_HEADERS.message)).toContain('PRODUCT_NOT_SUBMITTED');
    expect(
      header(
        letters.find((l) => header(l.message.headers, 'trace-id') === 't-1')!.message.headers,
        DLQ_HEADERS.message,
      ),
    ).toContain('percent');

    // Nothing of the bad ones was written; the good one after them was.
    const events = (await allEvents(store)).slice(head);
    expect(events.map((e) => e.metadata.causationId)).toEqual(['good-after']);
    expect(worker.counters).toMatchObject({ messages: 7, accepted: 1, deadLettered: 6 });
  });

  it('decides the department index’s steps from the topic (issue 14): a self-score appended, one out of range and a PublishIndex dead-lettered', async () => {
    const { topic, drained } = await setUp({ partitions: 1 });
    const at = '2025-11-20T09:00:00+07:00';
    const evidence = 'ab'.repeat(32);
    await recordEvidenceFile(store, evidence, at, 'evidence-index');
    const head = await store.headPosition();
    const subject = { departmentId: 'so-a', year: 2025, at, entry: LATE };
    const selfScore = (commandId: string, criterionId: string, value: number) => ({
      key: 'so-a',
      value: JSON.stringify({
        commandId,
        actor: 'he-thong-so',
        type: 'SelfScoreCriterion',
        ...subject,
        criteriaSetId: 'example-so-2025',
        criteriaSetVersion: 1,
        criterionId,
        value,
        evidenceFiles: [evidence],
      }),
    });
    await produceAll(kafka, topic, [
      selfScore('idx-1', '1.3', 1.5),
      selfScore('idx-2', '1.4', 9),
      {
        key: 'so-a',
        value: JSON.stringify({
          commandId: 'idx-3',
          type: 'PublishIndex',
          ...subject,
          asOf: at,
          atPosition: head,
          inputsHash: 'ab'.repeat(32),
          self: 1.5,
          appraised: 1.5,
          final: 1.5,
          band: null,
        }),
      },
    ]);
    await drained();

    const events = (await allEvents(store)).slice(head);
    expect(events.map((e) => [e.streamId, e.type, e.metadata.causationId, e.metadata.source])).toEqual([
      ['cchc-index-so-a-2025', 'CriterionSelfScored', 'idx-1', 'kafka'],
    ]);
    expect(events[0]!.data).toMatchObject({ criterionId: '1.3', value: 1.5, evidenceFiles: [evidence] });
    const letters = await consumeTopic(kafka, `${topic}.dlq`, 2);
    const byCommand = (id: string) =>
      letters.find((l) => (JSON.parse(l.message.value!.toString()) as { commandId: string }).commandId === id)!.message;
    expect(header(byCommand('idx-2').headers, DLQ_HEADERS.reason)).toBe('rule-violation');
    expect(header(byCommand('idx-2').headers, DLQ_HEADERS.message)).toContain('INDEX_VALUE_OUT_OF_RANGE');
    expect(header(byCommand('idx-3').headers, DLQ_HEADERS.reason)).toBe('schema-invalid');
    expect(header(byCommand('idx-3').headers, DLQ_HEADERS.message)).toContain('PublishIndex');
  });

  it('appends a command delivered twice only once, in the same batch or a later one', async () => {
    const { topic, worker, drained } = await setUp();
    const head = await store.headPosition();
    const [message] = progressWorkload(plan, 1, `dup-${randomUUID()}`);
    await produceAll(kafka, topic, [message!, message!]);
    await drained();
    await produceAll(kafka, topic, [message!]);
    await drained();
    const events = (await allEvents(store)).slice(head);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventId).toBe(eventIdFor(message!.commandId, 0));
    expect(worker.counters).toMatchObject({ messages: 3, accepted: 1, duplicates: 2, deadLettered: 0 });
  });

  it('a new worker that finds the batch appended but its offsets never committed appends nothing again', async () => {
    const { topic, drained } = await setUp();
    const head = await store.headPosition();
    const workload = progressWorkload(plan, 200, `uncommitted-${randomUUID()}`);
    await produceAll(kafka, topic, workload);
    await drained();
    await workers.pop()!.stop();
    // Another group sees none of the first one's commits: every message is delivered again, to
    // a worker whose cache is empty, as after a crash between the append and the commit.
    const again = new IngestWorker({ kafka, store, topic, groupId: `ingest-${randomUUID()}`, sessionTimeoutMs: 6_000 });
    workers.push(again);
    await again.start();
    await waitFor(() => again.counters.messages === workload.length, 60_000, 'every message delivered again');
    expect(again.counters).toMatchObject({ accepted: 0, duplicates: workload.length, deadLettered: 0, events: 0 });
    expect(await workloadOutcome(store, head, workload)).toEqual({
      events: workload.length,
      missing: 0,
      unexpected: 0,
      outOfOrderStreams: [],
    });
  }, 180_000); // two 60 s waits (drained, redelivered) and a new group joining: more than the 60 s default

  it('keeps each task’s commands in order across several partitions', async () => {
    const { topic, drained } = await setUp({ partitions: 4 });
    const head = await store.headPosition();
    const workload = progressWorkload(plan, 3_000, `order-${randomUUID()}`);
    await produceAll(kafka, topic, workload, 500);
    await drained();
    expect(await workloadOutcome(store, head, workload)).toEqual({
      events: workload.length,
      missing: 0,
      unexpected: 0,
      outOfOrderStreams: [],
    });
    const streams = new Set(workload.map((m) => m.taskId));
    expect(streams.size).toBeGreaterThan(4);
  });

  it('retries through a store outage with backoff: nothing committed or dead-lettered until the store is back', async () => {
    const outage = { down: true, failures: 0 };
    const flaky = (inner: EventStore): EventStore =>
      new Proxy(inner, {
        get(target, property) {
          if (property === 'appendMany' && outage.down) {
            return () => {
              outage.failures++;
              return Promise.reject(new Error('IO Error: No space left on device (simulated)'));
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const { topic, groupId, worker, drained } = await setUp({ partitions: 1, store: flaky });
    const head = await store.headPosition();
    const workload = progressWorkload(plan, 50, `outage-${randomUUID()}`);
    await produceAll(kafka, topic, workload);
    await waitFor(() => outage.failures >= 3, 20_000, 'three failed appends');
    expect(await groupLag(admin, groupId, topic)).toBe(workload.length);
    outage.down = false;
    await drained();
    expect((await allEvents(store)).slice(head)).toHaveLength(workload.length);
    expect(worker.counters.deadLettered).toBe(0);
    expect(worker.counters.storeRetries).toBeGreaterThanOrEqual(3);
  });
});
