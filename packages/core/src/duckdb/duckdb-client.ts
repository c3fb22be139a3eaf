import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { PLAN_TIME_ZONE } from '../time/local-time.ts';
import { translatingFaults } from './engine-faults.ts';

/** Values that may be bound to a statement. Everything reaches DuckDB as a bound parameter. */
export type SqlParam = string | number | bigint | boolean | null;

export interface DuckDbOptions {
  readonly readOnly?: boolean;
  /** Session time zone for TIMESTAMPTZ → DATE casts; the plan's zone unless told otherwise. */
  readonly timeZone?: string;
  readonly threads?: number;
  readonly memoryLimit?: string;
}

export type Row = Record<string, unknown>;

/**
 * The one small module through which the product talks to DuckDB: bound parameters only, one
 * connection per handle, the time zone pinned, BIGINTs handed back as numbers when they fit.
 */
export class DuckDb {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** Only the handle that opened the instance closes it; handles from `connect()` close their connection. */
    private readonly ownsInstance: boolean,
  ) {}

  static async open(path: string, options: DuckDbOptions = {}): Promise<DuckDb> {
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    const instance = await translatingFaults(path, () => DuckDBInstance.create(path, config));
    let connection: DuckDBConnection | undefined;
    try {
      connection = await instance.connect();
      await pinTimeZone(connection, options.timeZone);
      return new DuckDb(path, instance, connection, true);
    } catch (error) {
      connection?.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /**
   * Another connection to the same database, with its own transaction context: a reader beside a
   * writer sees only committed data.
   */
  async connect(options: { timeZone?: string } = {}): Promise<DuckDb> {
    const connection = await this.instance.connect();
    await pinTimeZone(connection, options.timeZone);
    return new DuckDb(this.path, this.instance, connection, false);
  }

  /** The underlying connection, for the few hot paths that need prepared statements. */
  get raw(): DuckDBConnection {
    return this.connection;
  }

  // A damaged file or a stopped engine surfaces as StoreDamagedError / StoreFailedError (engine-faults.ts).
  async run(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    await translatingFaults(this.path, () =>
      this.connection.run(sql, params.length ? (params as DuckDBValue[]) : undefined),
    );
  }

  async rows<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    const reader = await translatingFaults(this.path, () =>
      this.connection.runAndReadAll(sql, params.length ? (params as DuckDBValue[]) : undefined),
    );
    return reader.getRowObjectsJS().map((row) => numberify(row) as T);
  }

  async value<T = unknown>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    const rows = await this.rows(sql, params);
    const first = rows[0];
    return first === undefined ? undefined : (Object.values(first)[0] as T);
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.closeSync();
    } finally {
      if (this.ownsInstance) this.instance.closeSync();
    }
  }
}

async function pinTimeZone(connection: DuckDBConnection, timeZone: string = PLAN_TIME_ZONE): Promise<void> {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new RangeError(`invalid time zone: ${timeZone}`);
  await connection.run(`SET TimeZone = '${timeZone}'`);
}

function numberify(row: Record<string, unknown>): Row {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER))
      row[key] = Number(v);
  }
  return row;
}
