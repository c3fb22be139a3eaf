/**
 * Kafka ingest benchmark (issue 6): 100,000 commands already on the topic, consumed by the ingest
 * worker, each validated (JSON, envelope, zod command schema), decided against the ledger and
 * appended durably to an embedded store file, offsets committed after each batch. The broker is a
 * real single-node Kafka on this machine (started here unless KAFKA_BROKERS names one).
 * Each run uses a fresh store file and a fresh consumer group over the same topic.
 *
 * The reference (issue 18): after each Kafka run, the store alone appends the same events into a
 * fresh file — the append requests the ingest's own path (`parseBatch`, `BatchDecider`) makes for
 * the same commands, decided once beforehand without Kafka and not timed — in as many batches as
 * the run made (so of its mean size), each batch from one partition as a fetch is, with as many
 * batches in flight as the worker handles partitions at once (two by default), never two of one
 * partition. Only the store's `appendMany` is timed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendRequest } from '@cchc/core';
import { BatchDecider, createKafka, IngestWorker, parseBatch, parseBrokerList } from '@cchc/kafka';
import {
  createTopics,
  fetchKafkaJars,
  KafkaBroker,
  openLedgerWithPlan,
  partitionOfKey,
  produceAll,
  progressWorkload,
  type WorkloadMessage,
  waitFor,
} from '@cchc/kafka/testing';
import { fmt, median } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMANDS = Number(process.env.BENCH_KAFKA_COMMANDS ?? 100_000);
const PARTITIONS = 4;
const CONCURRENCY = Number(process.env.BENCH_KAFKA_CONCURRENCY ?? 2);

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
  /** The same-run reference: the store alone appending the same events, after each Kafka run. */
  readonly reference: {
    /** Batches in flight at once (the worker's partitionsConsumedConcurrently). */
    readonly inFlight: number;
    /** Mean batch of each reference run: as many batches as the preceding Kafka run made. */
    readonly eachRunBatchSize: readonly number[];
    /** The size each partition's messages were cut at to give that many batches. */
    readonly eachRunLargestBatch: readonly number[];
    /** Events/s of each reference run, first appendMany to the last one's durable return. */
    readonly eachRunEventsPerSecond: readonly number[];
    readonly eventsPerSecond: number;
    /** Ingest commands/s end to end over the store's events/s, each run (one event per command). */
    readonly eachRunRatio: readonly number[];
    /** Median of the per-run ratios; issue 18's target is ≥ 0.6. */
    readonly ratio: number;
    /** The same with the ingest's steady rate (after the first batch). */
    readonly eachRunSteadyRatio: readonly number[];
    readonly steadyRatio: number;
  };
}

/** One fetched batch's store requests, and the partition it came from. */
export interface DecidedBatch {
  readonly partition: number;
  readonly requests: readonly AppendRequest[];
}

/**
 * The ingest's append requests for the workload, decided once without Kafka through the worker's
 * own path: each partition's messages (as `produceAll` placed them) cut into `batches` batches in
 * all — chunks of at most `batchSize`, the smallest size that gives that many, so the mean batch is
 * the ingest's — parsed with `parseBatch`, decided by one `BatchDecider` (the worker shares one
 * across partitions) and appended to an in-memory store so that the decider keeps its state.
 * Batches come round-robin over the partitions, each partition's in order.
 */
export async function decidedBatches(
  workload: readonly WorkloadMessage[],
  topic: string,
  batches: number,
): Promise<{ batchSize: number; batches: DecidedBatch[] }> {
  const byPartition: WorkloadMessage[][] = Array.from({ length: PARTITIONS }, () => []);
  for (const m of workload) byPartition[partitionOfKey(topic, m.key, PARTITIONS)]!.push(m);
  const count = (size: number) => byPartition.reduce((n, p) => n + Math.ceil(p.length / size), 0);
  let batchSize = Math.ceil(workload.length / batches);
  while (count(batchSize) > batches) batchSize++;
  const { store } = await openLedgerWithPlan('memory:');
  try {
    const decider = new BatchDecider(store, `kafka:${topic}`);
    const out: DecidedBatch[] = [];
    const rounds = Math.max(...byPartition.map((p) => Math.ceil(p.length / batchSize)));
    for (let round = 0; round < rounds; round++) {
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const chunk = byPartition[partition]!.slice(round * batchSize, (round + 1) * batchSize);
        if (chunk.length === 0) continue;
        const { commands } = parseBatch(chunk.map((m) => ({ value: Buffer.from(m.value) })));
        const decision = await decider.decide(commands);
        if (decision.eventCount !== chunk.length || decision.verdicts.some((v) => v.kind !== 'accepted')) {
          throw new Error(`reference: a batch of ${chunk.length} decided to ${decision.eventCount} events`);
        }
        out.push({ partition, requests: [...decision.requests()] });
        await decision.append();
      }
    }
    return { batchSize, batches: out };
  } finally {
    await store.close();
  }
}

/**
 * Appends the decided batches into a fresh store file through `appendMany`, up to `inFlight` at
 * once and never two of one partition (as kafkajs hands the worker batches); events/s from the
 * first call to the last durable return.
 */
export async function storeReference(
  path: string,
  batches: readonly DecidedBatch[],
  inFlight: number,
): Promise<number> {
  const { store } = await openLedgerWithPlan(path);
  try {
    const expected = batches.reduce((n, b) => n + b.requests.reduce((m, r) => m + r.events.length, 0), 0);
    const head = await store.headPosition();
    const queue = [...batches];
    const busy = new Set<number>();
    const waiting: (() => void)[] = [];
    const lane = async (): Promise<void> => {
      for (;;) {
        const next = queue.findIndex((b) => !busy.has(b.partition));
        if (next < 0) {
          if (queue.length === 0) return;
          await new Promise<void>((wake) => waiting.push(wake));
          continue;
        }
        const [batch] = queue.splice(next, 1);
        busy.add(batch!.partition);
        try {
          await store.appendMany(batch!.requests);
        } finally {
          busy.delete(batch!.partition);
          for (const wake of waiting.splice(0)) wake();
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, lane));
    const ms = performance.now() - started;
    const appended = (await store.headPosition()) - head;
    if (appended !== expected) throw new Error(`reference: ${appended} events appended, expected ${expected}`);
    return expected / (ms / 1000);
  } finally {
    await store.close();
  }
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
    // Chunks of 10,000 went over the broker's 1 MiB record batch on one partition (MESSAGE_TOO_LARGE).
    await produceAll(kafka, topic, workload, 5_000);
    log(
      `  ${fmt(COMMANDS)} commands on ${PARTITIONS} partitions (produced in ${fmt(performance.now() - produced)} ms, not timed)`,
    );

    const appendShare: number[] = [];
    const endToEnd: number[] = [];
    const steady: number[] = [];
    const batchSizes: number[] = [];
    const referenceBatchSize: number[] = [];
    const referenceLargestBatch: number[] = [];
    const referenceRate: number[] = [];
    const decided = new Map<number, { batchSize: number; batches: DecidedBatch[] }>();
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
        partitionsConsumedConcurrently: CONCURRENCY,
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
      // The reference, right after: the same events, as many batches as this run made (its mean size).
      const count = worker.counters.batches;
      let reference = decided.get(count);
      if (!reference) {
        reference = await decidedBatches(workload, topic, count);
        decided.set(count, reference);
      }
      referenceBatchSize.push(COMMANDS / reference.batches.length);
      referenceLargestBatch.push(reference.batchSize);
      referenceRate.push(await storeReference(join(dir, `reference-${run}.duckdb`), reference.batches, CONCURRENCY));
      log(
        `  reference ${run + 1}: the store alone, same events, ${reference.batches.length} batches (mean ${fmt(COMMANDS / reference.batches.length)}, at most ${fmt(reference.batchSize)}), ${CONCURRENCY} in flight: ${fmt(referenceRate.at(-1)!)} events/s; ratio ${(endToEnd.at(-1)! / referenceRate.at(-1)!).toFixed(2)}`,
      );
    }
    const ratios = endToEnd.map((v, i) => v / referenceRate[i]!);
    const steadyRatios = steady.map((v, i) => v / referenceRate[i]!);
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
      reference: {
        inFlight: CONCURRENCY,
        eachRunBatchSize: referenceBatchSize,
        eachRunLargestBatch: referenceLargestBatch,
        eachRunEventsPerSecond: referenceRate,
        eventsPerSecond: median(referenceRate),
        eachRunRatio: ratios,
        ratio: median(ratios),
        eachRunSteadyRatio: steadyRatios,
        steadyRatio: median(steadyRatios),
      },
    };
  } finally {
    await admin.disconnect();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
