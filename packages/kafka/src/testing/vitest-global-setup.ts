import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { fetchKafkaJars, KafkaBroker, kafkaPrerequisites } from './kafka-broker.ts';
import type { KafkaTestEnvironment } from './kafka-test-environment.ts';

/**
 * Starts one broker for the Kafka test project (vitest runs a project's global setup only when
 * files of that project are in the run). Without Java or Maven the tests skip with the reason;
 * under CI=true that is a failure instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prerequisites = kafkaPrerequisites();
  if (!prerequisites.ok) {
    const message = `Kafka tests need Java and Maven: ${prerequisites.reason}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: failing instead of skipping)`);
    console.warn(`\n⚠ Bỏ qua các bài kiểm thử Kafka — skipping the Kafka tests. ${message}\n`);
    project.provide('kafka', { skipReason: message });
    return async () => {};
  }
  const started = Date.now();
  const libs = fetchKafkaJars();
  const broker = await KafkaBroker.launch({ dir: mkdtempSync(join(tmpdir(), 'cchc-kafka-')), libs, numPartitions: 4 });
  console.log(`Kafka ${broker.brokers.join(',')} ready in ${Date.now() - started} ms`);
  const environment: KafkaTestEnvironment = { brokers: broker.brokers, libs };
  project.provide('kafka', environment);
  return () => broker.destroy();
}
