import type { NewEvent, RecordedEvent } from '../events/envelope.ts';
import type { ExpectedRevision } from './expected-revision.ts';

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /** Defaults to `any`. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendedEventRef {
  readonly eventId: string;
  readonly streamRevision: number;
  readonly globalPosition: number;
}

export interface AppendResult {
  readonly streamId: string;
  readonly events: readonly AppendedEventRef[];
  /** The stream's revision after this append: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  readonly position: number;
  /** True when every event was already stored by an earlier identical append: nothing was written. */
  readonly idempotentReplay: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Inclusive. Forwards defaults to 0, backwards to the last revision. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive, 1-based. Defaults to 1. */
  readonly fromPosition?: number;
  /** Defaults to 1,000. */
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** First position to deliver (a checkpoint + 1). Defaults to 1. */
  readonly fromPosition?: number;
  /** Most events handed to the handler at once. Defaults to 1,000. */
  readonly batchSize?: number;
}

/** Receives events in global order; the next batch waits until the returned promise settles. */
export type SubscriptionHandler = (events: readonly RecordedEvent[]) => void | Promise<void>;

export interface Subscription {
  /** Stops after the batch being handled; resolves when stopped. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops; rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
  /** Position of the last event handed to the handler and settled. */
  readonly position: number;
}

/**
 * The event store every adapter implements (embedded DuckDB, EventStoreDB). One contract suite
 * (`event-store-contract.ts`) pins the behaviour for all of them.
 */
export interface EventStore {
  /** Appends to one stream, atomically, checking the expected revision. */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /**
   * Appends to several streams as one atomic unit: every request's expected revision must hold or
   * nothing is written. Results are in request order.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  /** Current revision of a stream, -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]>;
  /** Position of the last committed event, 0 when the log is empty. */
  headPosition(): Promise<number>;
  /** Catch up from a position, then follow new appends live. */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
