import { NotFoundError, ValidationError } from '../errors/cchc-error.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { logTreeOf } from './log-tree.ts';

/** An inclusion proof (RFC 9162 §2.1.3) of one event in the log's Merkle tree of `treeSize` events. */
export interface InclusionProof {
  readonly eventId: string;
  readonly globalPosition: number;
  /** The event's chain hash: the tree's entry. */
  readonly entry: string;
  /** Leaf index: globalPosition − 1. */
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly root: string;
  readonly proof: readonly string[];
}

/** A consistency proof (RFC 9162 §2.1.4): the log of `fromSize` events is a prefix of the one of `toSize`. */
export interface ConsistencyProof {
  readonly fromSize: number;
  readonly toSize: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The event named by its id or its global position, with its chain hash. */
async function locate(
  store: LedgerStore,
  event: string,
): Promise<{ eventId: string; globalPosition: number; hash: string }> {
  const notFound = () => new NotFoundError(`Không có sự kiện ${event} trong sổ cái`, `no event ${event} in the ledger`);
  if (/^\d+$/.test(event)) {
    const [found] = await store.readAll({ fromPosition: Number(event), limit: 1 });
    if (!found || found.globalPosition !== Number(event)) throw notFound();
    return found;
  }
  if (!UUID.test(event))
    throw new ValidationError({ vi: 'Sự kiện', en: 'event' }, [
      { path: 'event', message: 'mã sự kiện (UUID) hoặc vị trí trong sổ cái / an event id (UUID) or a log position' },
    ]);
  const log = store.capabilities.embeddedLog;
  if (log) {
    const db = await log.database.connect();
    try {
      const [row] = await db.rows<{ eventId: string; globalPosition: number; hash: string }>(
        `SELECT event_id::VARCHAR AS "eventId", global_position AS "globalPosition", hash FROM events WHERE event_id = $1::UUID`,
        [event.toLowerCase()],
      );
      if (!row) throw notFound();
      return row;
    } finally {
      db.close();
    }
  }
  for (let from = 1; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (page.length === 0) throw notFound();
    const found = page.find((e) => e.eventId === event.toLowerCase());
    if (found) return found;
    from = page[page.length - 1]!.globalPosition + 1;
  }
}

function sizeWithin(size: number | undefined, head: number, least: number, name: string): number {
  const n = size ?? head;
  if (!Number.isInteger(n) || n < least || n > head)
    throw new ValidationError({ vi: 'Kích thước cây', en: 'tree size' }, [
      {
        path: name,
        message: `phải từ ${least} đến ${head} (đầu sổ cái) / must be from ${least} to ${head} (the log head)`,
      },
    ]);
  return n;
}

/** The inclusion proof of an event (by id or position) in the tree of `size` events (default: the head). */
export async function proveInclusion(store: LedgerStore, event: string, size?: number): Promise<InclusionProof> {
  const found = await locate(store, event);
  const tree = await logTreeOf(store);
  const treeSize = sizeWithin(size, tree.size, found.globalPosition, 'size');
  return {
    eventId: found.eventId,
    globalPosition: found.globalPosition,
    entry: found.hash,
    leafIndex: found.globalPosition - 1,
    treeSize,
    root: tree.root(treeSize).toString('hex'),
    proof: tree.inclusionProof(found.globalPosition - 1, treeSize).map((h) => h.toString('hex')),
  };
}

/** The consistency proof from the tree of `fromSize` events to the one of `toSize` (default: the head). */
export async function proveConsistency(
  store: LedgerStore,
  fromSize: number,
  toSize?: number,
): Promise<ConsistencyProof> {
  const tree = await logTreeOf(store);
  const to = sizeWithin(toSize, tree.size, 1, 'toSize');
  const from = sizeWithin(fromSize, to, 1, 'fromSize');
  return {
    fromSize: from,
    toSize: to,
    fromRoot: tree.root(from).toString('hex'),
    toRoot: tree.root(to).toString('hex'),
    proof: tree.consistencyProof(from, to).map((h) => h.toString('hex')),
  };
}
