/**
 * Kafka ingest benchmark (issue 6): 100,000 commands already on the topic, consumed by the ingest
 * worker, each validated (JSON, envelope, zod command schema), decided against the ledger and
 * appended durably to an embedded store file, offsets committed after each batch. The broker is a
 * real single-node Kafka on this machine (started here unless KAFKA_BROKERS names one).
 * Each run uses a fresh store file and a fresh consumer group over the same topic.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, IngestWorker, parseBrokerList } from '@cchc/kafka';
import {
  createTopics,
  fetchKafkaJars,
  KafkaBroker,
  openLedgerWithPlan,
  produceAll,
  progressWorkload,
  waitFor,
} from '@cchc/kafka/testing';
import { fmt, median } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMANDS = Number(process.env.BENCH_KAFKA_COMMANDS ?? 100_000);
const PARTITIONS = 4;

export interface KafkaBenchResult {
  readonly commands: number;
  readonly partitions: number;
  readonly runs: number;
  /** Commands/s from the worker's start (group join included) to the last commit. */
  readonly endToEnd: number;
  /** Commands/s from the end of the first batch to the last commit (steady state). */
  readonly steady: number;
  readonly eachRunEndToEnd: readonly number[];
  readonly eachRunSteady: readonly number[];
  readonly meanBatchSize: number;
  /** Share of the wall time spent waiting in the store's appendMany (median). */
  readonly appendShare: number;
}

export async function runKafkaBench(log: (line: string) => void = console.log): Promise<KafkaBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bench-kafka-'));
  const external = process.env.KAFKA_BROKERS;
  const broker = external ? undefined : await KafkaBroker.launch({ dir: join(dir, 'broker'), libs: fetchKafkaJars() });
  const brokers = external ? parseBrokerList(external) : broker!.brokers;
  const kafka = createKafka({ brokers, clientId: 'bench' });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topic = `bench-commands-${randomUUID()}`;
    await createTopics(admin, [topic, `${topic}.dlq`], PARTITIONS);
    const { store: seedStore, plan } = await openLedgerWithPlan(':memory:');
    await seedStore.close();
    const workload = progressWorkload(plan, COMMANDS, `bench-${randomUUID()}`);
    const produced = performance.now();
    await produceAll(kafka, topic, workload, 10_000);
    log(
      `  ${fmt(COMMANDS)} commands on ${PARTITIONS} partitions (produced in ${fmt(performance.now() - produced)} ms, not timed)`,
    );

    const appendShare: number[] = [];
    const endToEnd: number[] = [];
    const steady: number[] = [];
    const batchSizes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { store } = await openLedgerWithPlan(join(dir, `run-${run}.duckdb`));
      let firstBatch: { at: number; messages: number } | undefined;
      // Wall time inside the store's appendMany (overlaps other work when partitions run concurrently).
      let appendMs = 0;
      const timedStore = new Proxy(store, {
        get(target, property) {
          if (property === 'appendMany') {
            return async (requests: Parameters<typeof store.appendMany>[0]) => {
              const t = performance.now();
              try {
                return await target.appendMany(requests);
              } finally {
                appendMs += performance.now() - t;
              }
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const worker = new IngestWorker({
        kafka,
        store: timedStore,
        topic,
        groupId: `bench-${randomUUID()}`,
        partitionsConsumedConcurrently: Number(process.env.BENCH_KAFKA_CONCURRENCY ?? 2),
        onBatch: (c) => (firstBatch ??= { at: performance.now(), messages: c.messages }),
      });
      const started = performance.now();
      await worker.start();
      await waitFor(() => worker.counters.messages >= COMMANDS, 600_000, 'every command');
      const finished = performance.now();
      await worker.stop();
      await store.close();
      if (worker.counters.accepted !== COMMANDS || worker.counters.events !== COMMANDS) {
        throw new Error(
          `run ${run}: ${JSON.stringify(worker.counters)} — expected every command accepted with one event`,
        );
      }
      endToEnd.push(COMMANDS / ((finished - started) / 1000));
      steady.push((COMMANDS - firstBatch!.messages) / ((finished - firstBatch!.at) / 1000));
      batchSizes.push(COMMANDS / worker.counters.batches);
      appendShare.push(appendMs / (finished - started));
      log(
        `  run ${run + 1}: ${fmt(endToEnd.at(-1)!)} commands/s end to end, ${fmt(steady.at(-1)!)}/s steady, ${worker.counters.batches} batches; appends took ${fmt(appendMs)} ms of ${fmt(finished - started)} ms`,
      );
    }
    return {
      commands: COMMANDS,
      partitions: PARTITIONS,
      runs: RUNS,
      endToEnd: median(endToEnd),
      steady: median(steady),
      eachRunEndToEnd: endToEnd,
      eachRunSteady: steady,
      meanBatchSize: median(batchSizes),
      appendShare: median(appendShare),
    };
  } finally {
    await admin.disconnect();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
