/**
 * The embedded log: one table, typed columns for what projections filter on next to the JSON
 * payload, hash-chained by global position. `data`/`metadata` keep the exact text that was hashed
 * (DuckDB stores JSON text verbatim).
 */
/**
 * 2: `known_at` (a backfill's metadata.knownAt) beside `recorded_at`, which is the store clock for
 * every event written from this version on. Format 1 files are upgraded by their first writer.
 */
export const STORE_FORMAT_VERSION = '2';

/** What a writer runs on a file of an older format, by the version it upgrades from. */
export const UPGRADES: Readonly<Record<string, readonly string[]>> = {
  '1': [`ALTER TABLE events ADD COLUMN IF NOT EXISTS known_at TIMESTAMPTZ`],
};

export const CREATE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
    global_position BIGINT NOT NULL,
    event_id UUID NOT NULL,
    stream_id VARCHAR NOT NULL,
    stream_revision BIGINT NOT NULL,
    type VARCHAR NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    task_id VARCHAR,
    unit_id VARCHAR,
    actor VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    metadata JSON NOT NULL,
    data JSON NOT NULL,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    known_at TIMESTAMPTZ
  )`,
  // Enforces idempotency by event id even if the writer's bookkeeping were wrong.
  `CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id)`,
  `CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
];

/**
 * Packed rows: canonical content (event id, stream, revision, position, type, schema version,
 * occurred, recorded, metadata, data), then task, unit, actor, source, known, prev hash, hash.
 */
export const INSERT_PACKED_ROWS = `
  INSERT INTO events (event_id, stream_id, stream_revision, global_position, type, schema_version,
                      occurred_at, recorded_at, metadata, data, task_id, unit_id, actor, source, known_at, prev_hash, hash)
  SELECT f[1]::UUID, f[2], f[3]::BIGINT, f[4]::BIGINT, f[5], f[6]::INTEGER,
         f[7]::TIMESTAMPTZ, f[8]::TIMESTAMPTZ, f[9]::JSON, f[10]::JSON,
         nullif(f[11], ''), nullif(f[12], ''), f[13], f[14], nullif(f[15], '')::TIMESTAMPTZ, f[16], f[17]
  FROM (SELECT string_split(r, chr(31)) AS f FROM (SELECT unnest(string_split($1, chr(30))) AS r))`;

/** ISO-8601 UTC with milliseconds, the form events carry in JS. */
export const isoSql = (column: string): string => `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

/**
 * One JSON text per page of events, parsed by a single JSON.parse: the fastest way found to bring
 * rows into JS (one native crossing per page instead of one per value). `concat` beats a chain of
 * `||` (no intermediate strings).
 */
export const EVENT_JSON_SQL = `concat('{"eventId":"', event_id, '","streamId":', to_json(stream_id),
  ',"streamRevision":', stream_revision, ',"globalPosition":', global_position,
  ',"type":', to_json(type), ',"schemaVersion":', schema_version,
  ',"occurredAt":"', ${isoSql('occurred_at')}, '","recordedAt":"', ${isoSql('recorded_at')},
  '","metadata":', metadata, ',"data":', data, ',"prevHash":"', prev_hash, '","hash":"', hash, '"}')`;
