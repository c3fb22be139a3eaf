import type { TaskDirectory } from '../application/task-directory.ts';
import type { DuckDb } from '../duckdb/duckdb-client.ts';
import { CchcError } from '../errors/cchc-error.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import type { ChainAnchor, ChainVerification, VerifyProgress } from './chain-verification.ts';
import type { EventStore } from './event-store.ts';

/** Lists streams by id prefix ("plan-"), sorted. Every adapter has one. */
export interface StreamCatalogue {
  streamIdsWithPrefix(prefix: string): Promise<readonly string[]>;
}

/** Recomputes a hash chain over the global log and names the first position that fails. */
export interface ChainVerifier {
  verifyChain(onProgress?: VerifyProgress): Promise<ChainVerification>;
  /** The chain's head now. */
  headHash(): Promise<ChainAnchor>;
}

/**
 * An embedded DuckDB whose `events` table holds the log (the columns of
 * `event-store/duckdb/schema.ts`): projections, the API's tables and scoring SQL run on it. In
 * embedded mode it is the store itself; over another store it is a replica fed from the log.
 */
export interface EmbeddedLog {
  readonly database: DuckDb;
  /** Position of the last event present in the `events` table. */
  loggedPosition(): Promise<number>;
}

/** A consistent copy of the whole embedded database into a new file, without stopping writers. */
export interface SnapshotCopy {
  copyTo(file: string): Promise<ChainAnchor>;
}

/**
 * Appends events copied from another store keeping their ids, streams, revisions, positions and
 * recordedAt (`cchc store copy`): the target must hold exactly the events before the first one.
 * Not for clients: recordedAt is otherwise always the store's clock.
 */
export interface LogImport {
  importEvents(events: readonly RecordedEvent[]): Promise<void>;
}

/** A damage or fatal failure met on the store in this process, for readiness checks. */
export interface StoreHealth {
  readonly fault: Error | undefined;
}

/**
 * What an adapter can do beyond the `EventStore` interface, as named capabilities (the way
 * kysely's dialects expose adapter flags): a caller asks for one and never downcasts.
 */
export interface StoreCapabilities {
  readonly streamCatalogue: StreamCatalogue;
  readonly taskDirectory: TaskDirectory;
  readonly chainVerifier?: ChainVerifier;
  readonly embeddedLog?: EmbeddedLog;
  readonly snapshotCopy?: SnapshotCopy;
  readonly logImport?: LogImport;
  readonly health?: StoreHealth;
}

/** An event store as the product above the adapters sees it. */
export interface LedgerStore extends EventStore {
  /** Where it lives, for messages: a file path, `:memory:`, a server URL. */
  readonly location: string;
  /** The adapter's kind: `duckdb`, `memory`, `esdb`. */
  readonly kind: string;
  readonly capabilities: StoreCapabilities;
}

/** A capability the open store does not have (e.g. backups of a store that is not one file). */
export class StoreCapabilityError extends CchcError {
  readonly code = 'STORE_CAPABILITY_MISSING';
  constructor(
    readonly capability: keyof StoreCapabilities,
    readonly storeKind: string,
  ) {
    super(
      `Kho sự kiện loại ${storeKind} không hỗ trợ ${capability}`,
      `an event store of kind ${storeKind} does not support ${capability}`,
    );
  }
  override details(): Record<string, unknown> {
    return { capability: this.capability, storeKind: this.storeKind };
  }
}

/** The capability, or StoreCapabilityError naming what is missing. */
export function capabilityOf<K extends keyof StoreCapabilities>(
  store: LedgerStore,
  name: K,
): NonNullable<StoreCapabilities[K]> {
  const capability = store.capabilities[name];
  if (capability === undefined || capability === null) throw new StoreCapabilityError(name, store.kind);
  return capability as NonNullable<StoreCapabilities[K]>;
}

/** The DuckDB holding the log for projections. */
export function embeddedDatabase(store: LedgerStore): DuckDb {
  return capabilityOf(store, 'embeddedLog').database;
}
