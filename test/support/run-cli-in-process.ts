import { main } from '@cchc/cli';
import { vi } from 'vitest';
import type { CliRun } from './run-cli.ts';

/**
 * Runs the CLI's `main` in this process (fast), capturing what it prints. The spawned runner
 * (run-cli.ts) covers the real process boundary; this one covers the breadth of commands.
 */
export async function cli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}
