import { StoreDamagedError, StoreFailedError, StoreWriteError } from '../errors/store-errors.ts';

/** DuckDB's words for a file that is not what it wrote (checked against DuckDB 1.5). */
const DAMAGE =
  /Corrupt database file|not a valid DuckDB database file|Could not read enough bytes from file|does not match stored checksum|Failed to load metadata pointer|Serialization Error/i;
/** A database invalidated by an earlier fatal error in this process (a failed WAL write…). */
const FAILED = /database has been invalidated|FATAL Error|INTERNAL Error/i;

/** The file system refused a write (disk full, read-only, permissions): nothing of it is visible. */
const WRITE_REFUSED =
  /No space left on device|Read-only file system|Could not write|Permission denied|Disk quota exceeded/i;

/** Faults seen per database file in this process: once damaged, a file stays so until reopened. */
const faults = new Map<string, StoreDamagedError | StoreFailedError>();

/** The store's own error for a DuckDB error that says the file is damaged or the engine stopped. */
export function engineFault(path: string, error: unknown): StoreDamagedError | StoreFailedError | undefined {
  if (error instanceof StoreDamagedError || error instanceof StoreFailedError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0]!.slice(0, 300);
  const fault = DAMAGE.test(text)
    ? new StoreDamagedError(path, firstLine, { cause: error })
    : FAILED.test(text)
      ? new StoreFailedError(path, firstLine, { cause: error })
      : undefined;
  if (fault && path !== ':memory:') faults.set(path, fault);
  return fault;
}

/** The fault last seen on this file in this process, if any (readiness reports it). */
export function faultOf(path: string): StoreDamagedError | StoreFailedError | undefined {
  return faults.get(path);
}

/** Forgets a file's fault (after it was closed, so the next open looks at it afresh). */
export function clearFault(path: string): void {
  faults.delete(path);
}

/**
 * Runs `work`, turning an engine error that means damage or a stopped engine into the store's
 * error, and one that says the file system refused a write into a StoreWriteError.
 */
export async function translatingFaults<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const fault = engineFault(path, error);
    if (fault) throw fault;
    if (
      !(error instanceof StoreWriteError) &&
      WRITE_REFUSED.test(error instanceof Error ? error.message : String(error))
    )
      throw new StoreWriteError((error as Error).message.split('\n')[0]!, { cause: error });
    throw error;
  }
}
