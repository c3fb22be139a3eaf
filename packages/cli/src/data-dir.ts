import { isAbsolute, join, resolve } from 'node:path';
import { parseStoreUrl } from '@cchc/core';
import type { Command } from 'commander';

/**
 * `--data`, else CCHC_DATA, else ./data. A relative path is taken from where the user ran the
 * command: pnpm runs scripts from the workspace root but keeps the caller's directory in INIT_CWD.
 */
export function resolveDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = option ?? env.CCHC_DATA ?? './data';
  return isAbsolute(raw) ? raw : resolve(env.INIT_CWD ?? process.cwd(), raw);
}

export function storePath(dataDir: string): string {
  return join(dataDir, 'events.duckdb');
}

/** The data directory a command runs on: its `--data`, inherited from the program. */
export function dataDirOf(command: Command): string {
  return resolveDataDir(command.optsWithGlobals<{ data?: string }>().data);
}

/** Where a command's store is: the data directory's DuckDB file, or `--store` / CCHC_STORE. */
export interface StoreTarget {
  /** What `openLedgerStore` takes. */
  readonly url: string;
  /** True for the embedded DuckDB store (one file in the data directory, or given by path). */
  readonly embedded: boolean;
  /** For another store: the DuckDB replica in the data directory that read models run on. */
  readonly replicaPath?: string;
}

let selectedStore: string | undefined;

/** Set once per parsed command line (main.ts), from `--store` or CCHC_STORE. */
export function selectStore(url: string | undefined): void {
  selectedStore = url?.trim() ? url.trim() : undefined;
}

export function storeTarget(dataDir: string, url: string | undefined = selectedStore): StoreTarget {
  if (url === undefined) return { url: storePath(dataDir), embedded: true };
  const { kind, target } = parseStoreUrl(url);
  if (kind === 'duckdb') {
    const path =
      target === ':memory:' || isAbsolute(target) ? target : resolve(process.env.INIT_CWD ?? process.cwd(), target);
    return { url: path, embedded: true };
  }
  return { url, embedded: false, replicaPath: kind === 'memory' ? ':memory:' : join(dataDir, 'replica.duckdb') };
}
