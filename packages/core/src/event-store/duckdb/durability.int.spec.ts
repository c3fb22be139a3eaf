import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { v5 as uuidV5 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../errors/store-errors.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../../../..');
const child = join(here, 'testing', 'append-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'cchc-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NS = '0b9d9a0e-1c55-4c0e-8b53-9f3b7e5a6c01';

function startChild(
  path: string,
  mode: string,
  count = 1_000_000,
): { proc: ChildProcess; lines: string[]; waitFor: (pred: (lines: string[]) => boolean) => Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, path, mode, String(count)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  const watchers: { pred: (l: string[]) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...watchers])
      if (w.pred(lines)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
  };
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    check();
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.on('exit', () => {
    for (const w of watchers.splice(0)) w.reject(new Error(`child exited early: ${stderr}`));
  });
  const waitFor = (pred: (l: string[]) => boolean) =>
    new Promise<void>((resolvePromise, reject) => {
      watchers.push({ pred, resolve: resolvePromise, reject });
      check();
    });
  return { proc, lines, waitFor };
}

const killed = (proc: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolvePromise) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolvePromise(proc.signalCode);
    proc.on('exit', (_code, signal) => resolvePromise(signal));
    proc.kill('SIGKILL');
  });

describe.each(['serial', 'concurrent'])('an acknowledged append survives SIGKILL (%s callers)', (mode) => {
  it('every acknowledged event is there after the kill, at its acknowledged position, with a valid chain', async () => {
    const path = join(dir, `kill-${mode}`, 'events.duckdb');
    const { proc, lines, waitFor } = startChild(path, mode);
    await waitFor((l) => l.filter((x) => x.startsWith('ack ')).length >= 300);
    const signal = await killed(proc);
    expect(signal).toBe('SIGKILL');
    const acks = lines
      .filter((l) => l.startsWith('ack '))
      .map((l) => l.split(' ').slice(1).map(Number) as [number, number]);
    expect(acks.length).toBeGreaterThanOrEqual(300);

    const store = await DuckDbEventStore.open({ path });
    try {
      const log = await store.readAll({ limit: 1_000_000 });
      const byId = new Map(log.map((e) => [e.eventId, e]));
      for (const [n, position] of acks) {
        const event = byId.get(uuidV5(String(n), NS));
        expect(event, `acknowledged event ${n}`).toBeDefined();
        expect(event!.globalPosition).toBe(position);
        expect(event!.data).toEqual({ n });
      }
      expect(log.map((e) => e.globalPosition)).toEqual(log.map((_, i) => i + 1));
      const verification = await store.verifyChain();
      expect(verification.ok).toBe(true);
      // The store accepts appends again where the killed writer stopped.
      const r = await store.appendToStream('after-restart', [
        { type: 'X1', data: {}, metadata: { actor: 't', source: 'test' }, occurredAt: '2025-05-02T00:00:00Z' },
      ]);
      expect(r.position).toBe(log.length + 1);
    } finally {
      await store.close();
    }
  });
});

describe('one writer per store file', () => {
  it('a second process gets a clear error naming the holder, and the file stays intact', async () => {
    const path = join(dir, 'locked', 'events.duckdb');
    const holder = startChild(path, 'hold');
    await holder.waitFor((l) => l.some((x) => x.startsWith('ready')));
    try {
      const error = await DuckDbEventStore.open({ path }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(`PID ${holder.proc.pid}`);
      expect((error as Error).message).toMatch(/đang được một tiến trình khác mở để ghi/);
      const reader = await DuckDbEventStore.open({ path, readOnly: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(reader).toBeInstanceOf(StoreLockedError);
    } finally {
      await killed(holder.proc);
    }
    const store = await DuckDbEventStore.open({ path });
    expect((await store.verifyChain()).ok).toBe(true);
    await store.close();
  });
});
