/**
 * A test broker for trying the CLI by hand: `npx tsx packages/kafka/src/testing/standalone-broker.ts`
 * prints its address and runs until Ctrl-C (then stops and removes its data).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchKafkaJars, KafkaBroker, kafkaPrerequisites } from './kafka-broker.ts';

const prerequisites = kafkaPrerequisites();
if (!prerequisites.ok) {
  console.error(`✗ ${prerequisites.reason}`);
  process.exit(2);
}
const broker = await KafkaBroker.launch({
  dir: mkdtempSync(join(tmpdir(), 'cchc-kafka-')),
  libs: fetchKafkaJars(),
  numPartitions: 4,
});
console.log(`Kafka: --brokers ${broker.brokers.join(',')}  (Ctrl-C dừng / stops)`);
await new Promise<void>((done) => {
  process.once('SIGINT', () => done());
  process.once('SIGTERM', () => done());
});
await broker.destroy();
