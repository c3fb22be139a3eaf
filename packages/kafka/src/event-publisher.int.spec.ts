import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleTaskCommand, type LedgerStore } from '@cchc/core';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EVENT_HEADERS, EventPublisher } from './event-publisher.ts';
import { createKafka } from './kafka-client.ts';
import { checkpointFileName, PublishCheckpoint } from './publish-checkpoint.ts';
import { createTopics, openLedgerWithPlan, waitFor } from './testing/ledger-fixture.ts';
import './testing/kafka-test-environment.ts';

const environment = inject('kafka');

describe.skipIf(environment.skipReason !== undefined)('outbound feed of committed events', () => {
  let kafka: Kafka;
  let admin: Admin;
  let store: LedgerStore;
  let dir: string;
  const received: { partition: number; message: KafkaMessage }[] = [];
  let reader: ReturnType<Kafka['consumer']>;
  let topic: string;

  beforeAll(async () => {
    kafka = createKafka({ brokers: environment.brokers!, clientId: 'publisher-test' });
    admin = kafka.admin();
    await admin.connect();
    ({ store } = await openLedgerWithPlan(':memory:'));
    dir = mkdtempSync(join(tmpdir(), 'cchc-publish-'));
    topic = `events-${randomUUID()}`;
    await createTopics(admin, [topic], 3);
    reader = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ partition, message }) => void received.push({ partition, message }) });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await admin?.disconnect();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const checkpoint = () => new PublishCheckpoint(join(dir, checkpointFileName(topic)), topic);
  const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();

  it('publishes the log keyed by stream, with event id and position in headers, then resumes from its checkpoint', async () => {
    const head = await store.headPosition();
    const first = new EventPublisher({ kafka, store, topic, checkpoint: checkpoint(), batchSize: 20 });
    await first.connect();
    expect(await first.catchUp()).toBe(head);
    await first.stop();
    expect(checkpoint().read()).toBe(head);
    await waitFor(() => received.length >= head, 30_000, `${head} events on the topic`);

    const partitionOfStream = new Map<string, number>();
    const lastPositionInPartition = new Map<number, number>();
    for (const { partition, message } of received) {
      const event = JSON.parse(message.value!.toString()) as {
        eventId: string;
        streamId: string;
        globalPosition: number;
      };
      expect(message.key?.toString()).toBe(event.streamId);
      expect(header(message, EVENT_HEADERS.eventId)).toBe(event.eventId);
      expect(header(message, EVENT_HEADERS.position)).toBe(String(event.globalPosition));
      // A stream lives in one partition, and a partition is in log order.
      expect(partitionOfStream.get(event.streamId) ?? partition).toBe(partition);
      partitionOfStream.set(event.streamId, partition);
      expect(event.globalPosition).toBeGreaterThan(lastPositionInPartition.get(partition) ?? 0);
      lastPositionInPartition.set(partition, event.globalPosition);
    }
    expect(new Set(received.map((r) => header(r.message, EVENT_HEADERS.eventId))).size).toBe(head);

    // A new publisher (after a restart) starts after the checkpoint: only the new event goes out.
    await handleTaskCommand(
      store,
      { type: 'StartTask', planYear: 2025, taskId: 'VI.1', unitId: 'tt-cntt-tnmt', at: '2025-03-03T09:00:00+07:00' },
      { actor: 't', source: 'test' },
    );
    const second = new EventPublisher({ kafka, store, topic, checkpoint: checkpoint() });
    await second.connect();
    expect(second.position).toBe(head);
    second.follow();
    await waitFor(() => second.published === 1, 30_000, 'the new event published');
    // Following: an event committed later goes out too.
    await handleTaskCommand(
      store,
      {
        type: 'ReportProgress',
        planYear: 2025,
        taskId: 'VI.1',
        unitId: 'tt-cntt-tnmt',
        percent: 30,
        evidenceRefs: [],
        at: '2025-03-04T09:00:00+07:00',
      },
      { actor: 't', source: 'test' },
    );
    const headNow = await store.headPosition();
    expect(headNow).toBe(head + 2);
    await waitFor(() => second.position === headNow, 30_000, 'following the log');
    await second.stop();
    expect(checkpoint().read()).toBe(headNow);
    await waitFor(() => received.length === headNow, 30_000, 'every event once on the topic');
  });
});
