import type { DuckDb } from '../duckdb/duckdb-client.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { MerkleTree } from './merkle-tree.ts';

const PAGE = 50_000;
/** One tree per open store, extended with what was appended since it was last asked for. */
const trees = new WeakMap<LedgerStore, { tree: MerkleTree; building?: Promise<MerkleTree> }>();

/**
 * The Merkle tree over the store's log up to its head: leaf i is the hash of the event at global
 * position i + 1. Built once per process (the hashes only: one column read in pages), then extended
 * incrementally, so a server answers proofs in milliseconds; a one-off CLI call pays one pass over
 * the hashes. A store with an embedded DuckDB log reads the `hash` column; any other reads the log.
 */
export async function logTreeOf(store: LedgerStore): Promise<MerkleTree> {
  let entry = trees.get(store);
  if (!entry) {
    entry = { tree: new MerkleTree() };
    trees.set(store, entry);
  }
  const held = entry;
  // One extension at a time: concurrent callers wait for the one in progress, then extend further.
  const previous = held.building ?? Promise.resolve(held.tree);
  const next = previous.then(() => extend(store, held.tree));
  held.building = next;
  try {
    return await next;
  } finally {
    if (held.building === next) delete held.building;
  }
}

async function extend(store: LedgerStore, tree: MerkleTree): Promise<MerkleTree> {
  const head = await store.headPosition();
  if (tree.size >= head) return tree;
  const embedded = store.capabilities.embeddedLog;
  const log = embedded ? await embedded.database.connect() : undefined;
  try {
    await appendUpTo(store, tree, head, log);
  } finally {
    log?.close();
  }
  return tree;
}

async function appendUpTo(store: LedgerStore, tree: MerkleTree, head: number, log: DuckDb | undefined): Promise<void> {
  while (tree.size < head) {
    const from = tree.size + 1;
    const to = Math.min(head, tree.size + PAGE);
    const hashes = log
      ? (
          await log.rows<{ hash: string }>(
            `SELECT hash FROM events WHERE global_position BETWEEN $1::BIGINT AND $2::BIGINT ORDER BY global_position`,
            [from, to],
          )
        ).map((r) => r.hash)
      : (await store.readAll({ fromPosition: from, limit: to - from + 1 })).map((e) => e.hash);
    if (hashes.length !== to - from + 1)
      throw new Error(`the log has ${hashes.length} events between positions ${from} and ${to}, not ${to - from + 1}`);
    for (const hash of hashes) tree.append(hash);
  }
}
