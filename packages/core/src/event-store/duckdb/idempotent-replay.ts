import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import type { StoredEventRow } from '../replay-verdicts.ts';
import { isoSql } from './schema.ts';

export { replayVerdicts, type StoredEventRow, type Verdict } from '../replay-verdicts.ts';

/** The stored events among these ids, by id. */
export async function storedEvents(db: DuckDb, ids: readonly string[]): Promise<Map<string, StoredEventRow>> {
  const stored = new Map<string, StoredEventRow>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await db.rows<StoredEventRow>(
      `SELECT event_id::VARCHAR AS id, global_position, stream_id, stream_revision, type, schema_version,
              ${isoSql('occurred_at')} AS occurred_at, ${isoSql('recorded_at')} AS recorded_at,
              metadata::VARCHAR AS metadata, data::VARCHAR AS data
       FROM events WHERE event_id IN (SELECT unnest(string_split($1, ','))::UUID)`,
      [ids.slice(i, i + 10_000).join(',')],
    );
    for (const row of rows) stored.set(row.id, row);
  }
  return stored;
}
