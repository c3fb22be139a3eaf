import { realpathSync } from 'node:fs';
import { DuckDb } from '../../duckdb/duckdb-client.ts';
import { ValidationError } from '../../errors/cchc-error.ts';
import { StoreLockedError, StoreMissingError } from '../../errors/store-errors.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import type { ChainHead } from './group-plan.ts';
import { CREATE_SCHEMA, isoSql, STORE_FORMAT_VERSION, UPGRADES } from './schema.ts';

/** Files with a writer open in this process, by real path; DuckDB's file lock covers other processes. */
const OPEN_FOR_WRITING = new Set<string>();

/** Claims the one writer of this process for a file; returns the key that releases it. */
export function claimWriter(path: string): string {
  const key = lockKeyFor(path);
  if (OPEN_FOR_WRITING.has(key)) throw new StoreLockedError(path, `PID ${process.pid}, tiến trình này / this process`);
  OPEN_FOR_WRITING.add(key);
  return key;
}

export function releaseWriter(key: string | undefined): void {
  if (key) OPEN_FOR_WRITING.delete(key);
}

/** Opens the database; a file locked by another process is a StoreLockedError naming its PID. */
export async function openDatabase(
  path: string,
  options: { readOnly: boolean; memoryLimit?: string },
): Promise<DuckDb> {
  try {
    return await DuckDb.open(path, {
      readOnly: options.readOnly,
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
  } catch (error) {
    throw translateOpenError(path, error);
  }
}

/**
 * A writer creates the schema if it is missing and upgrades a file of an older format; a reader
 * checks that the file is a store of the current format (it cannot upgrade one).
 */
export async function prepareSchema(db: DuckDb, path: string, readOnly: boolean): Promise<void> {
  if (!readOnly) {
    const existing = await formatVersion(db);
    if (existing !== undefined && existing !== STORE_FORMAT_VERSION) {
      const steps = UPGRADES[existing];
      if (!steps) throw unknownFormat(path, existing);
      await db.transaction(async () => {
        for (const ddl of steps) await db.run(ddl);
        await db.run(`UPDATE store_info SET value = $1 WHERE key = 'format_version'`, [STORE_FORMAT_VERSION]);
      });
    }
    for (const ddl of CREATE_SCHEMA) await db.run(ddl);
    await db.run(`INSERT INTO store_info VALUES ('format_version', $1) ON CONFLICT DO NOTHING`, [STORE_FORMAT_VERSION]);
  } else {
    const exists = await db.value<number>(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'`);
    if (!exists) throw new StoreMissingError(`${path} không phải kho sự kiện`, `${path} is not an event store`);
    const version = await formatVersion(db);
    if (version !== STORE_FORMAT_VERSION) {
      if (version === undefined || !UPGRADES[version]) throw unknownFormat(path, version ?? '?');
      throw new ValidationError({ vi: 'Kho sự kiện', en: 'event store' }, [
        {
          path,
          message: `định dạng ${version} cũ; hãy mở kho một lần bằng một lệnh ghi (cchc serve, cchc start…) để nâng lên ${STORE_FORMAT_VERSION} / format ${version} is older; open the store once with a writing command (cchc serve, cchc start…) to upgrade it to ${STORE_FORMAT_VERSION}`,
        },
      ]);
    }
  }
}

async function formatVersion(db: DuckDb): Promise<string | undefined> {
  const info = await db.value<number>(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_info'`);
  if (!info) return undefined;
  return (await db.value<string | null>(`SELECT value FROM store_info WHERE key = 'format_version'`)) ?? undefined;
}

function unknownFormat(path: string, version: string): Error {
  return new ValidationError({ vi: 'Kho sự kiện', en: 'event store' }, [
    {
      path,
      message: `định dạng ${version} không biết; phiên bản này đọc định dạng ${STORE_FORMAT_VERSION} / unknown format ${version}; this version reads format ${STORE_FORMAT_VERSION}`,
    },
  ]);
}

/** What the writer keeps in memory, read once on open: every stream's revision and the chain head. */
export async function readCommittedState(db: DuckDb): Promise<{ revisions: Map<string, number>; head: ChainHead }> {
  const revisions = new Map<string, number>();
  for (const r of await db.rows<{ stream_id: string; rev: number }>(
    `SELECT stream_id, max(stream_revision) AS rev FROM events GROUP BY stream_id`,
  )) {
    revisions.set(r.stream_id, r.rev);
  }
  const last = await db.rows<{ global_position: number; hash: string; recorded_at: string }>(
    `SELECT global_position, hash, ${isoSql('recorded_at')} AS recorded_at FROM events ORDER BY global_position DESC LIMIT 1`,
  );
  // A format-1 backfill carries its claim in recorded_at: only the store clock sets the floor.
  const maxRecorded = await db.value<string | null>(
    `SELECT ${isoSql("max(recorded_at) FILTER (WHERE source <> 'backfill' OR known_at IS NOT NULL)")} FROM events`,
  );
  const head = last[0]
    ? { position: last[0].global_position, hash: last[0].hash, recordedAt: maxRecorded ?? last[0].recorded_at }
    : { position: 0, hash: GENESIS_HASH, recordedAt: new Date(0).toISOString() };
  return { revisions, head };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lockKeyFor(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function translateOpenError(path: string, error: unknown): unknown {
  const text = errorText(error);
  if (/Could not set lock on file|Conflicting lock/i.test(text)) {
    const holder = /\(PID (\d+)\)/.exec(text)?.[1];
    return new StoreLockedError(path, holder ? `PID ${holder}` : undefined, { cause: error });
  }
  return error;
}
