import type { NewEvent, RecordedEvent } from '../../events/envelope.ts';
import type { LedgerStore, StoreCapabilities } from '../capabilities.ts';
import type {
  AppendRequest,
  AppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.ts';
import type { ExpectedRevision } from '../expected-revision.ts';
import { subscribeByPolling } from '../subscribe-by-polling.ts';
import { LogReplica } from './log-replica.ts';

/**
 * A store without an embedded DuckDB (EventStoreDB, in memory) with a `LogReplica` beside it:
 * the `EventStore` calls go to the source; the `embeddedLog` and `chainVerifier` capabilities are
 * the replica's. What the rest of the system reads is consistent with the replica:
 * - an append returns once the replica holds it (the caller's next projection sees it);
 * - `headPosition` waits until the replica reached the source's head;
 * - `subscribeToAll` delivers only what the replica already holds, so a projection handling a
 *   batch finds its rows in the `events` table.
 */
export class ReplicatedStore implements LedgerStore {
  readonly capabilities: StoreCapabilities;

  private constructor(
    private readonly source: LedgerStore,
    private readonly replica: LogReplica,
  ) {
    const health = source.capabilities.health;
    this.capabilities = {
      streamCatalogue: source.capabilities.streamCatalogue,
      taskDirectory: source.capabilities.taskDirectory,
      chainVerifier: {
        verifyChain: async (onProgress) => {
          await this.headPosition();
          return replica.verifyChain(onProgress);
        },
        headHash: async () => {
          await this.headPosition();
          const last = (await source.readAll({ fromPosition: replica.replicated, limit: 1 }))[0];
          return { position: replica.replicated, hash: last?.hash ?? '0'.repeat(64) };
        },
      },
      embeddedLog: { database: replica.database, loggedPosition: async () => replica.replicated },
      ...(source.capabilities.logImport
        ? {
            logImport: {
              importEvents: async (events: readonly RecordedEvent[]) => {
                await source.capabilities.logImport!.importEvents(events);
                await replica.waitFor(events.at(-1)?.globalPosition ?? 0);
              },
            },
          }
        : {}),
      health: {
        get fault() {
          return replica.fault ?? health?.fault;
        },
      },
    };
  }

  /** Opens (or resumes) the replica at `replicaPath` and follows the source from its checkpoint. */
  static async open(
    source: LedgerStore,
    options: { replicaPath: string; memoryLimit?: string },
  ): Promise<ReplicatedStore> {
    const replica = await LogReplica.open({
      path: options.replicaPath,
      sourceName: source.location,
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
    replica.follow(source);
    const store = new ReplicatedStore(source, replica);
    try {
      await store.headPosition();
      return store;
    } catch (error) {
      await replica.close().catch(() => undefined);
      throw error;
    }
  }

  get kind(): string {
    return this.source.kind;
  }

  get location(): string {
    return this.source.location;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const result = await this.source.appendToStream(streamId, events, options);
    await this.replica.waitFor(result.position);
    return result;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
    const results = await this.source.appendMany(requests);
    await this.replica.waitFor(Math.max(0, ...results.map((r) => r.position)));
    return results;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    return this.source.readStream(streamId, options);
  }

  streamRevision(streamId: string): Promise<number> {
    return this.source.streamRevision(streamId);
  }

  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    return this.source.readAll(options);
  }

  async headPosition(): Promise<number> {
    const head = await this.source.headPosition();
    await this.replica.waitFor(head);
    return head;
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    return subscribeByPolling({
      handler,
      options,
      read: async (fromPosition, limit) => {
        const upTo = this.replica.replicated;
        if (fromPosition > upTo) return [];
        return this.source.readAll({ fromPosition, limit: Math.min(limit, upTo - fromPosition + 1) });
      },
      committedPosition: () => this.replica.replicated,
      waitForCommit: (wake) => this.replica.onCommit(wake),
      isClosed: () => this.closed,
    });
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.replica.close();
    await this.source.close();
  }
}
