import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilityOf } from '@cchc/core';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IngestWorker } from './ingest-worker.ts';
import { createKafka } from './kafka-client.ts';
import { KafkaBroker } from './testing/kafka-broker.ts';
import {
  committedCount,
  createTopics,
  openLedgerWithPlan,
  produceSteadily,
  progressWorkload,
  waitFor,
  workloadOutcome,
} from './testing/ledger-fixture.ts';
import './testing/kafka-test-environment.ts';

const environment = inject('kafka');

describe.skipIf(environment.skipReason !== undefined)('the broker stopped and restarted mid-stream', () => {
  // A broker of its own: stopping the shared one would disturb the other test files.
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.launch({
      dir: mkdtempSync(join(tmpdir(), 'cchc-kafka-restart-')),
      libs: environment.libs!,
    });
  });
  afterAll(() => broker?.destroy());

  it('ends with each command’s event exactly once, in order, and the chain intact', async () => {
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'restart-test', log: () => {} });
    const admin: Admin = kafka.admin();
    await admin.connect();
    const { store, plan } = await openLedgerWithPlan(':memory:');
    const head = await store.headPosition();
    const topic = `commands-${randomUUID()}`;
    const groupId = `ingest-${randomUUID()}`;
    await createTopics(admin, [topic, `${topic}.dlq`], 4);
    const workload = progressWorkload(plan, 10_000, `restart-${randomUUID()}`);
    const worker = new IngestWorker({
      kafka,
      store,
      topic,
      groupId,
      sessionTimeoutMs: 6_000,
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    try {
      await worker.start();
      // The producer keeps sending through the outage (its retries carry it over the restart).
      const producing = produceSteadily(kafka, topic, workload);
      await waitFor(
        async () => (await committedCount(admin, groupId, topic)) >= 1_000,
        60_000,
        '1,000 messages committed',
      );

      await broker.stop();
      const handledBeforeStop = worker.counters.messages;
      expect(handledBeforeStop).toBeLessThan(workload.length);
      await new Promise((r) => setTimeout(r, 1_000));
      await broker.start();

      await producing;
      await waitFor(
        async () => (await committedCount(admin, groupId, topic)) === workload.length,
        90_000,
        'every message committed after the restart',
      );
      expect(worker.counters.messages).toBeGreaterThan(handledBeforeStop);
      expect(await workloadOutcome(store, head, workload)).toEqual({
        events: workload.length,
        missing: 0,
        unexpected: 0,
        outOfOrderStreams: [],
      });
      expect((await capabilityOf(store, 'chainVerifier').verifyChain()).ok).toBe(true);
    } finally {
      await worker.stop();
      await admin.disconnect();
      await store.close();
    }
  });
});
