import { isAbsolute, join, resolve } from 'node:path';
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
