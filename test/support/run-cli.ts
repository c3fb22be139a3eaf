import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cchc …` as a user would (a separate process), optionally feeding stdin. */
export function runCli(
  args: readonly string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliRun {
  const result = spawnSync(
    process.execPath,
    [resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'), resolve(repoRoot, 'packages/cli/src/bin.ts'), ...args],
    {
      cwd: options.cwd ?? repoRoot,
      input: options.input ?? '',
      env: { ...process.env, INIT_CWD: options.cwd ?? repoRoot, ...options.env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
