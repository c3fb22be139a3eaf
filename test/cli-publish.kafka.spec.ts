import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore } from '@cchc/core';
import { checkpointFileName, createKafka, PublishCheckpoint } from '@cchc/kafka';
import { createTopics, type KafkaTestEnvironment, waitFor } from '@cchc/kafka/testing';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KILLS, SEED, seeded, spawnChild } from './support/crash-kit.ts';
import { simulateDemoYear } from './support/demo-year.ts';

const environment: KafkaTestEnvironment = inject('kafka');

/**
 * The crash matrix's Kafka row (issue 17): `cchc publish` killed with SIGKILL at random moments and
 * run again until it finishes. Delivery is at-least-once: every event of the log reaches the topic
 * (some twice), each stream's events in order, and the checkpoint ends at the head.
 */
describe.skipIf(environment.skipReason !== undefined)('cchc publish under SIGKILL', () => {
  let kafka: Kafka;
  let admin: Admin;
  const root = mkdtempSync(join(tmpdir(), 'cchc-publish-kill-'));
  beforeAll(async () => {
    kafka = createKafka({ brokers: environment.brokers!, clientId: 'publish-kill-test' });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    rmSync(root, { recursive: true, force: true });
  });

  it('killed and restarted: every event at least once, in stream order, the checkpoint at the head', {
    timeout: 300_000,
  }, async () => {
    mkdirSync(join(root, 'demo'), { recursive: true });
    const data = await simulateDemoYear(join(root, 'demo'));
    // More events than the demo year, so that kills land in the middle of publishing.
    const store = await openLedgerStore({ url: join(data, 'events.duckdb') });
    for (let b = 0; b < 4; b++) {
      await store.appendToStream(
        `test-bulk-${b}`,
        Array.from({ length: 5_000 }, (_, i) => ({
          eventId: randomUUID(),
          type: 'BulkRecorded',
          data: { i },
          metadata: { actor: 'test', source: 'test' as const },
          occurredAt: '2025-11-20T02:00:00.000Z',
        })),
      );
    }
    const head = await store.headPosition();
    await store.close();

    const topic = `events-${randomUUID()}`;
    await createTopics(admin, [topic], 3);
    const received: { stream: string; position: number }[] = [];
    const reader = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void received.push({
          stream: message.key!.toString(),
          position: Number(message.headers!['cchc-global-position']!.toString()),
        }),
    });
    const random = seeded(SEED);
    const args = ['publish', '--brokers', environment.brokers!.join(','), '--topic', topic, '--data', data];
    const outcomes: string[] = [];
    try {
      for (let k = 0; k < Math.max(2, KILLS); k++) {
        const child = spawnChild(args, { cli: true });
        const delay = 2_500 + random() * 1_500;
        await new Promise((r) => setTimeout(r, delay));
        const finished = child.proc.exitCode !== null;
        await child.kill();
        const at = (() => {
          try {
            return new PublishCheckpoint(join(data, checkpointFileName(topic)), topic).read();
          } catch {
            return 0;
          }
        })();
        outcomes.push(
          `kill ${k + 1} after ${delay.toFixed(0)} ms${finished ? ' (had finished)' : ''}: checkpoint ${at}/${head}`,
        );
      }
      const last = spawnChild(args, { cli: true });
      const code = await Promise.race([
        last.exited,
        new Promise((r) => setTimeout(() => r('still running after 90 s'), 90_000)),
      ]);
      expect(code, last.output().slice(-2000)).toBe(0);
      await waitFor(() => new Set(received.map((r) => r.position)).size >= head, 60_000, 'every position on the topic');
    } finally {
      await reader.disconnect();
    }
    console.log(
      `cchc publish kills (seed ${SEED}):\n${outcomes.join('\n')}\n${received.length} messages for ${head} events`,
    );
    const positions = new Set(received.map((r) => r.position));
    for (let p = 1; p <= head; p++) expect(positions.has(p), `position ${p}`).toBe(true);
    // Per stream (one partition each), first deliveries come in log order.
    const firstSeen = new Map<number, number>();
    for (const [i, r] of received.entries()) if (!firstSeen.has(r.position)) firstSeen.set(r.position, i);
    const byStream = new Map<string, number[]>();
    for (const [position, index] of [...firstSeen].sort((a, b) => a[1] - b[1])) {
      const stream = received[index]!.stream;
      byStream.set(stream, [...(byStream.get(stream) ?? []), position]);
    }
    for (const [stream, list] of byStream) expect(list, stream).toEqual([...list].sort((a, b) => a - b));
    expect(new PublishCheckpoint(join(data, checkpointFileName(topic)), topic).read()).toBe(head);
  });
});
