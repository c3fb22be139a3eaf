import type { RecordedEvent } from '../events/envelope.ts';
import type { SubscribeOptions, Subscription, SubscriptionHandler } from './event-store.ts';

export interface PollingSource {
  readonly handler: SubscriptionHandler;
  readonly options: SubscribeOptions;
  /** Reads up to `limit` events from `fromPosition` in global order. */
  readonly read: (fromPosition: number, limit: number) => Promise<readonly RecordedEvent[]>;
  /** The position of the last committed event, known synchronously. */
  readonly committedPosition: () => number;
  /** Registers a callback for the next commit; returns a function that unregisters it. */
  readonly waitForCommit: (wake: () => void) => () => void;
  readonly isClosed: () => boolean;
}

/**
 * Catch-up then live, for stores that can tell in-process when something was committed: read
 * pages until the head, then sleep until the next commit. A commit between the last read and the
 * sleep cannot be missed: the head is compared synchronously before sleeping.
 */
export function subscribeByPolling(source: PollingSource): Subscription {
  const batchSize = Math.max(1, source.options.batchSize ?? 1000);
  let position = Math.max(0, (source.options.fromPosition ?? 1) - 1);
  let stopping = false;
  let wakeSleeper: (() => void) | undefined;

  const done = (async () => {
    while (!stopping && !source.isClosed()) {
      let batch: readonly RecordedEvent[];
      try {
        batch = await source.read(position + 1, batchSize);
      } catch (error) {
        if (source.isClosed()) break;
        throw error;
      }
      if (stopping) break;
      if (batch.length > 0) {
        await source.handler(batch);
        position = batch[batch.length - 1]!.globalPosition;
        continue;
      }
      if (source.committedPosition() > position) continue;
      await new Promise<void>((resolve) => {
        const unregister = source.waitForCommit(() => {
          wakeSleeper = undefined;
          resolve();
        });
        wakeSleeper = () => {
          unregister();
          wakeSleeper = undefined;
          resolve();
        };
      });
    }
  })();

  return {
    get position() {
      return position;
    },
    done,
    stop() {
      stopping = true;
      wakeSleeper?.();
      return done.catch(() => undefined);
    },
  };
}
