import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';

/**
 * A fresh in-memory store (the `memory:` adapter): the whole store contract, no DuckDB, no file,
 * no broker. For given/when/then specs of command handlers, batch deciders and reorganisations.
 */
export function openInMemoryStore(options: { clock?: () => Date } = {}): Promise<LedgerStore> {
  return openLedgerStore({ url: 'memory:', ...(options.clock ? { clock: options.clock } : {}) });
}
