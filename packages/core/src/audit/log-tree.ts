import type { DuckDb } from '../duckdb/duckdb-client.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { loadKeptTree, saveKeptTree } from './kept-tree-file.ts';
import { leafHash, MerkleTree } from './merkle-tree.ts';

const PAGE = 50_000;
/** The kept file is rewritten once the tree has grown by this many leaves since it was last written. */
const SAVE_EVERY = 10_000;

interface KeptAt {
  readonly file: string;
  readonly saveEvery: number;
}

interface HeldTree {
  tree: MerkleTree;
  building?: Promise<MerkleTree>;
  /** Where the tree is kept between processes, and its size when last written or read there. */
  kept?: KeptAt & { size: number };
  /** Not yet read from its kept file: the first extension tries it. */
  unread?: boolean;
}

/** One tree per open store (and one built only from the log, for checks that must not trust a file). */
const trees = new WeakMap<LedgerStore, HeldTree>();
const treesFromLog = new WeakMap<LedgerStore, HeldTree>();
const keptFiles = new WeakMap<LedgerStore, KeptAt>();

/**
 * Keeps the store's tree in `file` between processes, so a CLI call (`cchc prove`, `checkpoint`)
 * or a restarted server reads about 64 bytes per event instead of hashing the whole log again. The
 * file is only a cache: it is refused when damaged (checksum) or when its last leaf is not the
 * hash of the log's event at that position (a chain hash covers every event before it), and
 * checks that must not trust it (`checkAgainst`) build their own tree from the log.
 */
export function keepLogTreeAt(store: LedgerStore, file: string, options: { saveEvery?: number } = {}): void {
  keptFiles.set(store, { file, saveEvery: options.saveEvery ?? SAVE_EVERY });
}

/**
 * The Merkle tree over the store's log up to its head: leaf i is the hash of the event at global
 * position i + 1. Built once per process (the hashes only: one column read in pages) or read from
 * its kept file, then extended incrementally, so a server answers proofs in milliseconds. A store
 * with an embedded DuckDB log reads the `hash` column; any other reads the log.
 * `fromLog`: a tree built from the log alone, never from a kept file.
 */
export async function logTreeOf(store: LedgerStore, options: { fromLog?: boolean } = {}): Promise<MerkleTree> {
  const kept = keptFiles.get(store);
  const map = options.fromLog && kept ? treesFromLog : trees;
  let entry = map.get(store);
  if (!entry) {
    entry = { tree: new MerkleTree() };
    if (kept && map === trees) {
      entry.kept = { ...kept, size: 0 };
      entry.unread = true;
    }
    map.set(store, entry);
  }
  const held = entry;
  // One extension at a time: concurrent callers wait for the one in progress, then extend further.
  const previous = held.building ?? Promise.resolve(held.tree);
  const next = previous.then(() => extend(store, held));
  held.building = next;
  try {
    return await next;
  } finally {
    if (held.building === next) delete held.building;
  }
}

async function extend(store: LedgerStore, held: HeldTree): Promise<MerkleTree> {
  const head = await store.headPosition();
  if (held.unread && held.kept) {
    delete held.unread;
    const kept = loadKeptTree(held.kept.file);
    if (kept && kept.size <= head && kept.size > 0 && (await leafMatchesLog(store, kept))) {
      held.tree = kept;
      held.kept.size = kept.size;
    }
  }
  const tree = held.tree;
  if (tree.size >= head) return tree;
  const embedded = store.capabilities.embeddedLog;
  const log = embedded ? await embedded.database.connect() : undefined;
  try {
    await appendUpTo(store, tree, head, log);
  } finally {
    log?.close();
  }
  if (held.kept && tree.size - held.kept.size >= held.kept.saveEvery && saveKeptTree(held.kept.file, tree))
    held.kept.size = tree.size;
  return tree;
}

/** Whether the kept tree's last leaf is the hash of the log's event at that position. */
async function leafMatchesLog(store: LedgerStore, tree: MerkleTree): Promise<boolean> {
  const [event] = await store.readAll({ fromPosition: tree.size, limit: 1 });
  return (
    event?.globalPosition === tree.size && leafHash(Buffer.from(event.hash, 'hex')).equals(tree.leaf(tree.size - 1))
  );
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
