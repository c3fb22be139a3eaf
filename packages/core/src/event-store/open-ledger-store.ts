import { ValidationError } from '../errors/cchc-error.ts';
import type { LedgerStore } from './capabilities.ts';
import { DuckDbEventStore } from './duckdb/duckdb-event-store.ts';
import { EventStoreDbStore } from './esdb/esdb-event-store.ts';
import { InMemoryEventStore } from './memory/in-memory-event-store.ts';
import { ReplicatedStore } from './replica/replicated-store.ts';

export interface OpenStoreOptions {
  /**
   * Which store: a DuckDB file path (or `duckdb:<path>`, `duckdb::memory:`), `memory:` for the
   * in-memory adapter, or an EventStoreDB connection string (`esdb://…`, `kurrentdb://…`).
   */
  readonly url: string;
  readonly readOnly?: boolean;
  /** The store clock (recordedAt), for tests. */
  readonly clock?: () => Date;
  /** The embedded DuckDB's memory limit ("400MB"), for a DuckDB store or a replica. */
  readonly memoryLimit?: string;
  /**
   * For a store without an embedded DuckDB (EventStoreDB, in memory): the DuckDB file (or
   * `:memory:`) of the log replica that read models run on. Without it such a store has no
   * `embeddedLog` capability.
   */
  readonly replicaPath?: string;
}

export type StoreKind = 'duckdb' | 'memory' | 'esdb';

/** The adapter a store URL names, and what to hand it. */
export function parseStoreUrl(url: string): { kind: StoreKind; target: string } {
  const text = url.trim();
  if (text.length === 0) {
    throw new ValidationError({ vi: 'Địa chỉ kho', en: 'store url' }, [{ path: 'store', message: 'trống / empty' }]);
  }
  if (text === 'memory:' || text === 'memory://') return { kind: 'memory', target: text };
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\//i.test(text))
    return { kind: 'esdb', target: text };
  if (text.startsWith('duckdb:')) return { kind: 'duckdb', target: text.slice('duckdb:'.length) };
  return { kind: 'duckdb', target: text };
}

/**
 * Opens the store a URL names. The one place where product code meets concrete adapters: above
 * it everything depends on `LedgerStore` and its capabilities.
 */
export async function openLedgerStore(options: OpenStoreOptions): Promise<LedgerStore> {
  const { kind } = parseStoreUrl(options.url);
  if (kind === 'duckdb' || options.replicaPath === undefined) return openAdapter(options);
  const source = await openAdapter(options);
  try {
    return await ReplicatedStore.open(source, {
      replicaPath: options.replicaPath,
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
}

function openAdapter(options: OpenStoreOptions): Promise<LedgerStore> {
  const { kind, target } = parseStoreUrl(options.url);
  switch (kind) {
    case 'memory':
      return Promise.resolve(new InMemoryEventStore(options.clock ? { clock: options.clock } : {}));
    case 'duckdb':
      return DuckDbEventStore.open({
        path: target,
        ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
      });
    case 'esdb':
      return EventStoreDbStore.open({ url: target });
    default: {
      const never: never = kind;
      throw new Error(`unknown store kind ${String(never)}`);
    }
  }
}
