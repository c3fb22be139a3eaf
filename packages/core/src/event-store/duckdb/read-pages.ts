import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { ReadAllOptions, ReadStreamOptions } from '../event-store.ts';
import { EVENT_JSON_SQL } from './schema.ts';

/** One stream's events, forwards or backwards from a revision. */
export function readStreamPage(db: DuckDb, streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const limit = Math.max(0, Math.min(options.maxCount ?? 1_000_000_000, 1_000_000_000));
  const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
  return backwards
    ? readEvents(db, `stream_id = $1 AND stream_revision <= $2::BIGINT`, '-stream_revision', [streamId, from, limit])
    : readEvents(db, `stream_id = $1 AND stream_revision >= $2::BIGINT`, 'stream_revision', [streamId, from, limit]);
}

/** A page of the global log from a position. */
export async function readLogPage(db: DuckDb, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const from = Math.max(1, options.fromPosition ?? 1);
  const limit = Math.max(0, options.limit ?? 1000);
  if (limit === 0) return [];
  // Positions are dense, so a range on the insertion-ordered column (zone maps) does the work.
  return readEvents(
    db,
    `global_position >= $1::BIGINT AND global_position < $1::BIGINT + $2::BIGINT`,
    'global_position',
    [from, limit, limit],
  );
}

/** `order` is an ascending sort key over the events table. */
async function readEvents(
  db: DuckDb,
  where: string,
  order: string,
  params: [string | number, number, number],
): Promise<RecordedEvent[]> {
  const text = await db.value<string | null>(
    `SELECT '[' || string_agg(j, ',' ORDER BY k) || ']' FROM (
       SELECT ${EVENT_JSON_SQL} AS j, ${order} AS k FROM events WHERE ${where} ORDER BY k LIMIT $3::BIGINT)`,
    params,
  );
  return text ? (JSON.parse(text) as RecordedEvent[]) : [];
}
