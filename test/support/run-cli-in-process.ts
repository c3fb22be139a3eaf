import { main } from '@cchc/cli';
import { normaliseInstant } from '@cchc/core';
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

/**
 * Runs the CLI with the process clock (the store's, which records, and the engine's, which judges
 * entry dates and resolves "now") reading `now` during the call: a day of a year lived in a test.
 */
export async function cliAt(now: string, args: readonly string[]): Promise<CliRun> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(now) });
  try {
    return await cli(args);
  } finally {
    vi.useRealTimers();
  }
}

/** Runs the CLI as a clerk acting on the day an action happened: at its `--at`, plus a minute. */
export async function cliOnTheDay(args: readonly string[]): Promise<CliRun> {
  const i = args.indexOf('--at');
  const at = i >= 0 ? args[i + 1] : undefined;
  const instant = at === undefined ? undefined : normaliseInstant(at);
  if (instant === undefined) return cli(args);
  return cliAt(new Date(Date.parse(instant) + 60_000).toISOString(), args);
}
