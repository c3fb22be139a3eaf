import { isAbsolute, join, resolve } from 'node:path';

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
