import type { EventStore } from '@cchc/core';
import { type Consumer, type EachBatchPayload, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { type Backoff, DEFAULT_BACKOFF, retryForever } from './backoff.ts';
import { BatchDecider, type BatchDecision } from './batch-decider.ts';
import { type IngestCommand, type ParsedMessage, parseCommandMessage } from './command-message.ts';
import { deadLetterMessage } from './dead-letter.ts';
import { DEFAULT_COMMAND_TOPIC, DEFAULT_GROUP, deadLetterTopicOf } from './topics.ts';

export interface IngestWorkerOptions {
  readonly kafka: Kafka;
  readonly store: EventStore;
  /** Now, for the entry-date rules (tests replaying a past year pin it). */
  readonly clock?: () => Date;
  readonly topic?: string;
  /** Defaults to `<topic>.dlq`. */
  readonly deadLetterTopic?: string;
  readonly groupId?: string;
  /** Actor of commands whose envelope names none. Defaults to `kafka:<topic>`. */
  readonly defaultActor?: string;
  /** Bytes fetched per partition at once: the size of a batch, so of a store transaction. */
  readonly maxBytesPerPartition?: number;
  /**
   * Batches of different partitions handled at once (default 2): one batch is decided in
   * JavaScript while DuckDB writes another. Each partition's batches stay in order.
   */
  readonly partitionsConsumedConcurrently?: number;
  /** How long the group waits for a silent member (a killed worker) before reassigning its partitions. */
  readonly sessionTimeoutMs?: number;
  readonly backoff?: Backoff;
  /** After every committed batch. */
  readonly onBatch?: (counters: Readonly<IngestCounters>) => void;
  /** Store outages, dead letters, shutdown: one line each. */
  readonly log?: (line: string) => void;
}

export interface IngestCounters {
  messages: number;
  accepted: number;
  duplicates: number;
  deadLettered: number;
  events: number;
  batches: number;
  storeRetries: number;
}

/**
 * Reads commands from the topic, decides them against the ledger, appends each fetched batch in
 * one atomic store transaction, dead-letters what cannot be accepted, and only then commits the
 * batch's offset. So after a crash, a broker restart or a rebalance the batch is delivered again,
 * and event ids derived from command ids make the second delivery append nothing.
 *
 * A store failure is not the message's fault: the partition is paused and the append retried
 * with backoff (heartbeating meanwhile); nothing is committed or dead-lettered until it succeeds.
 */
export class IngestWorker {
  readonly counters: IngestCounters = {
    messages: 0,
    accepted: 0,
    duplicates: 0,
    deadLettered: 0,
    events: 0,
    batches: 0,
    storeRetries: 0,
  };
  private readonly topic: string;
  private readonly deadLetterTopic: string;
  private readonly decider: BatchDecider;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private stopping = false;
  private crashed: ((error: Error) => void) | undefined;
  /** Rejects when the consumer crashes for good (kafkajs gave up restarting it). */
  readonly failed: Promise<never>;

  constructor(private readonly options: IngestWorkerOptions) {
    this.topic = options.topic ?? DEFAULT_COMMAND_TOPIC;
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicOf(this.topic);
    this.decider = new BatchDecider(options.store, options.defaultActor ?? `kafka:${this.topic}`, {
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId ?? DEFAULT_GROUP,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.max(500, Math.floor((options.sessionTimeoutMs ?? 30_000) / 10)),
    });
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.failed = new Promise<never>((_, reject) => (this.crashed = reject));
    this.failed.catch(() => {});
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.crashed?.(event.payload.error);
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 2,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Finishes the batch in hand (or abandons a store retry, uncommitted), then leaves the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
    this.options.log?.('• Đã dừng nhận lệnh — ingest stopped');
  }

  private async handleBatch({
    batch,
    heartbeat,
    pause,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const { source, commands } = parseBatch(batch.messages);

    let resume: (() => void) | undefined;
    const giveUpWhenStopping = () => {
      if (this.stopping || !isRunning()) throw new Error('ingest stopping: batch left uncommitted');
    };
    const decision = await retryForever(() => this.decideAndAppend(commands), {
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      tick: heartbeat,
      onFailure: (error, attempt, delay) => {
        giveUpWhenStopping();
        resume ??= pause();
        this.counters.storeRetries++;
        this.options.log?.(
          `! Kho sự kiện lỗi, thử lại sau ${delay} ms (lần ${attempt}) — store failed, retrying in ${delay} ms (attempt ${attempt}): ${describe(error)}`,
        );
      },
    });
    resume?.();

    const deadLetters: Message[] = [];
    let commandIndex = 0;
    for (const s of source) {
      this.counters.messages++;
      const verdict = s.parsed.ok
        ? decision.verdicts[commandIndex++]!
        : { kind: 'rejected' as const, reason: s.parsed.reason, message: s.parsed.message };
      if (verdict.kind === 'accepted') this.counters.accepted++;
      else if (verdict.kind === 'duplicate') this.counters.duplicates++;
      else
        deadLetters.push(
          deadLetterMessage(
            { topic: batch.topic, partition: batch.partition, message: s.message },
            verdict.reason,
            verdict.message,
          ),
        );
    }
    if (deadLetters.length > 0) {
      await retryForever(() => this.producer.send({ topic: this.deadLetterTopic, messages: deadLetters, acks: -1 }), {
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        tick: heartbeat,
        onFailure: (error, attempt, delay) => {
          giveUpWhenStopping();
          this.options.log?.(
            `! Không gửi được thư chết, thử lại sau ${delay} ms — dead-letter send failed, retrying in ${delay} ms (attempt ${attempt}): ${describe(error)}`,
          );
        },
      });
      this.counters.deadLettered += deadLetters.length;
    }

    // Durable append and dead letters done: only now may the group move past these messages.
    resolveOffset(batch.lastOffset());
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    this.counters.events += decision.eventCount;
    this.counters.batches++;
    this.options.onBatch?.(this.counters);
    await heartbeat();
  }

  /** Decides the batch and appends it atomically; a revision conflict decides it again from the store. */
  private async decideAndAppend(commands: readonly IngestCommand[]): Promise<BatchDecision> {
    for (;;) {
      const decision = await this.decider.decide(commands);
      try {
        await decision.append();
      } catch (error) {
        // After a conflict, or when it is unknown how far the store got: read everything again.
        this.decider.invalidate();
        if ((error as { code?: string }).code === 'CONCURRENCY_CONFLICT') continue;
        throw error;
      }
      return decision;
    }
  }
}

/**
 * A fetched batch parsed as the worker parses it: each message with its parse, and the valid
 * commands in order (what the worker decides and appends as one store transaction).
 */
export function parseBatch<M extends { readonly value: Buffer | null }>(
  messages: readonly M[],
): { source: { message: M; parsed: ParsedMessage }[]; commands: IngestCommand[] } {
  const source = messages.map((message) => ({ message, parsed: parseCommandMessage(message.value) }));
  const commands: IngestCommand[] = [];
  for (const s of source) if (s.parsed.ok) commands.push(s.parsed.value);
  return { source, commands };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
