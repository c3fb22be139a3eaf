import type { EventStore, RecordedEvent, Subscription } from '@cchc/core';
import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { type Backoff, DEFAULT_BACKOFF, retryForever } from './backoff.ts';
import type { PublishCheckpoint } from './publish-checkpoint.ts';
import { DEFAULT_EVENT_TOPIC } from './topics.ts';

/** Headers of every published event. */
export const EVENT_HEADERS = {
  eventId: 'cchc-event-id',
  position: 'cchc-global-position',
  type: 'cchc-event-type',
} as const;

export interface EventPublisherOptions {
  readonly kafka: Kafka;
  readonly store: EventStore;
  readonly checkpoint: PublishCheckpoint;
  readonly topic?: string;
  /** Events per produce request (and per checkpoint write). */
  readonly batchSize?: number;
  readonly backoff?: Backoff;
  readonly onPublished?: (position: number, published: number) => void;
  readonly log?: (line: string) => void;
}

/** A committed event as the feed carries it: keyed by stream (per-stream order), ids in headers. */
export function eventMessage(event: RecordedEvent): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      [EVENT_HEADERS.eventId]: event.eventId,
      [EVENT_HEADERS.position]: String(event.globalPosition),
      [EVENT_HEADERS.type]: event.type,
    },
  };
}

/**
 * Publishes the global log to a topic, in order, from the position after the checkpoint. The
 * checkpoint moves only after the broker acknowledged the events (acks=all), so a crash
 * republishes at most one batch: at-least-once, consumers dedupe by event id.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly topic: string;
  private subscription: Subscription | undefined;
  published = 0;
  position = 0;

  constructor(private readonly options: EventPublisherOptions) {
    this.topic = options.topic ?? DEFAULT_EVENT_TOPIC;
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.position = this.options.checkpoint.read();
  }

  /** Publishes what the log holds past the checkpoint, up to the head; returns how many. */
  async catchUp(): Promise<number> {
    const before = this.published;
    for (;;) {
      const events = await this.options.store.readAll({
        fromPosition: this.position + 1,
        limit: this.options.batchSize ?? 1_000,
      });
      if (events.length === 0) return this.published - before;
      await this.publish(events);
    }
  }

  /** Catches up, then follows new commits until stop(). */
  follow(): Subscription {
    this.subscription = this.options.store.subscribeToAll((events) => this.publish(events), {
      fromPosition: this.position + 1,
      batchSize: this.options.batchSize ?? 1_000,
    });
    return this.subscription;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.producer.disconnect();
  }

  /**
   * Sends a page in log order, in requests of at most SEND_BYTES: one stream's events go to one
   * partition, and a record batch beyond the broker's message.max.bytes (1 MiB by default) would
   * be refused at every retry. The checkpoint follows each request (at-least-once either way).
   */
  private async publish(events: readonly RecordedEvent[]): Promise<void> {
    const messages = events.map(eventMessage);
    for (let start = 0; start < messages.length; ) {
      let end = start;
      for (
        let bytes = 0;
        end < messages.length && (end === start || bytes + sizeOf(messages[end]!) <= SEND_BYTES);
        end++
      )
        bytes += sizeOf(messages[end]!);
      const chunk = messages.slice(start, end);
      await retryForever(() => this.producer.send({ topic: this.topic, messages: chunk, acks: -1 }), {
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        onFailure: (error, attempt, delay) =>
          this.options.log?.(
            `! Gửi sự kiện lỗi, thử lại sau ${delay} ms (lần ${attempt}) — publishing failed, retrying in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
      this.position = events[end - 1]!.globalPosition;
      this.options.checkpoint.write(this.position);
      this.published += end - start;
      this.options.onPublished?.(this.position, this.published);
      start = end;
    }
  }
}

/** Bytes of one produce request at most: well under Kafka's default message.max.bytes (1 MiB). */
const SEND_BYTES = 512 * 1024;

function sizeOf(message: { key?: unknown; value?: unknown; headers?: Record<string, unknown> }): number {
  const length = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : 0);
  let bytes = 64 + length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += name.length + length(value);
  return bytes;
}
