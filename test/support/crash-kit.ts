import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { capabilityOf, openLedgerStore } from '@cchc/core';
import { FACT_TABLES, ProjectionEngine, readModelHealth } from '@cchc/projections';
import { repoRoot } from './run-cli.ts';

/** How many kills per row of the crash matrix: 2 in the suite, more for the long form (CRASH_KILLS=25). */
export const KILLS = Number(process.env.CRASH_KILLS ?? 2);

/** A seeded random source (mulberry32), so a failing run can be repeated with CRASH_SEED. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
export const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

export interface Child {
  readonly proc: ChildProcess;
  readonly lines: string[];
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/** A TypeScript entry (or the CLI with `cli: true`) in a child process, its output kept by line. */
export function spawnChild(args: readonly string[], options: { cli?: boolean; env?: NodeJS.ProcessEnv } = {}): Child {
  const entry = options.cli ? [resolve(repoRoot, 'packages/cli/src/bin.ts')] : [];
  // `node --import tsx`, one process: SIGKILL to tsx's CLI would leave its child running.
  const proc = spawn(process.execPath, ['--import', 'tsx', ...entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: repoRoot, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    lines.splice(0, lines.length, ...text.split('\n'));
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  return {
    proc,
    lines,
    output: () => text,
    exited,
    async waitFor(pattern, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (proc.exitCode !== null || Date.now() > until)
          throw new Error(`waiting for ${pattern} (exit ${proc.exitCode}); output:\n${text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A digest of every fact table and the checkpoint: equal digests, equal read models. */
export async function readModelDigest(engine: ProjectionEngine): Promise<string> {
  const parts: string[] = [String(await engine.checkpoint())];
  for (const table of FACT_TABLES) {
    parts.push(
      `${table.name}:${await engine.database.value<string>(
        `SELECT coalesce(md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY CAST(t AS VARCHAR))), '-') FROM ${table.name} t`,
      )}`,
    );
  }
  return parts.join('\n');
}

export interface AfterCrash {
  readonly head: number;
  readonly chainOk: boolean;
  readonly healthOk: boolean;
  /** The read models as left (after catching up to the head) equal a rebuild from zero. */
  readonly readModelsEqualRebuild: boolean;
  readonly byId: Map<string, { position: number; type: string }>;
}

/**
 * What a restart finds after a kill: the log (every event by id), the chain, the read models'
 * health as left, and whether they, caught up, equal a rebuild from zero of a copy of the store.
 */
export async function inspectAfterCrash(storePath: string): Promise<AfterCrash> {
  const store = await openLedgerStore({ url: storePath });
  let result: Omit<AfterCrash, 'readModelsEqualRebuild'>;
  let asLeft: string;
  try {
    const log = await store.readAll({ limit: 10_000_000 });
    const chain = await capabilityOf(store, 'chainVerifier').verifyChain();
    const engine = await ProjectionEngine.open(store);
    try {
      const health = await readModelHealth(engine.database);
      await engine.catchUp(await store.headPosition());
      asLeft = await readModelDigest(engine);
      result = {
        head: await store.headPosition(),
        chainOk: chain.ok,
        healthOk: health.ok,
        byId: new Map(log.map((e) => [e.eventId, { position: e.globalPosition, type: e.type }])),
      };
    } finally {
      engine.close();
    }
  } finally {
    await store.close();
  }
  const copy = `${storePath}.rebuild-check.duckdb`;
  copyFileSync(storePath, copy);
  if (existsSync(`${storePath}.wal`)) copyFileSync(`${storePath}.wal`, `${copy}.wal`);
  const fresh = await openLedgerStore({ url: copy });
  try {
    const engine = await ProjectionEngine.open(fresh);
    try {
      await engine.rebuild(await fresh.headPosition());
      return { ...result, readModelsEqualRebuild: (await readModelDigest(engine)) === asLeft };
    } finally {
      engine.close();
    }
  } finally {
    await fresh.close();
  }
}
