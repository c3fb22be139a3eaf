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

/** A page of the global log as DuckDB built it, before parsing: its JSON text and its length. */
interface LogPageText {
  readonly count: number;
  readonly text: string | null;
}

/** Pages of fewer events than this are not read ahead (a second query would cost more than it saves). */
const MIN_READ_AHEAD = 1000;

/**
 * Pages of the global log, reading the next page ahead: when a page comes back full, the query for
 * the one after it starts at once, so DuckDB builds it on its own thread while this thread parses
 * the current page and the caller processes it (bulk reads, `store copy`, catch-up subscriptions
 * all read consecutive full pages). A page read ahead is used only when it is full: positions are
 * dense and committed events never change, so a full page is exactly what a fresh read returns; a
 * short one may predate a commit and is read again.
 */
export class LogPages {
  private ahead:
    | { readonly from: number; readonly limit: number; readonly page: Promise<LogPageText | undefined> }
    | undefined;

  constructor(
    private readonly db: DuckDb,
    /** Called with each read-ahead query, so that close() waits for it. */
    private readonly track: (work: Promise<unknown>) => void,
    private readonly readAhead: boolean,
  ) {}

  async read(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const from = Math.max(1, options.fromPosition ?? 1);
    const limit = Math.max(0, options.limit ?? 1000);
    if (limit === 0) return [];
    const ahead = this.ahead;
    this.ahead = undefined;
    let page: LogPageText | undefined;
    if (ahead && ahead.from === from && ahead.limit === limit) {
      const early = await ahead.page;
      if (early?.count === limit) page = early;
    }
    page ??= await logPageText(this.db, from, limit);
    if (this.readAhead && page.count === limit && limit >= MIN_READ_AHEAD) {
      const next = logPageText(this.db, from + limit, limit).catch(() => undefined);
      this.track(next);
      this.ahead = { from: from + limit, limit, page: next };
    }
    return page.text ? (JSON.parse(page.text) as RecordedEvent[]) : [];
  }
}

async function logPageText(db: DuckDb, from: number, limit: number): Promise<LogPageText> {
  // Positions are dense, so a range on the insertion-ordered column (zone maps) does the work.
  const [row] = await db.rows<{ n: number; t: string | null }>(
    `SELECT count(*)::INTEGER AS n, '[' || string_agg(j, ',' ORDER BY k) || ']' AS t FROM (
       SELECT ${EVENT_JSON_SQL} AS j, global_position AS k FROM events
       WHERE global_position >= $1::BIGINT AND global_position < $1::BIGINT + $2::BIGINT)`,
    [from, limit],
  );
  return { count: row?.n ?? 0, text: row?.t ?? null };
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
