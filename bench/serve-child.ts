import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@cchc/cli';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export async function waitReady(url: string, tries = 600): Promise<void> {
  for (let i = 0; ; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    if (i > tries) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/** `cchc start --no-serve` on an empty directory: the demo year (seed 42). */
export async function demoYear(data: string): Promise<void> {
  const code = await quietly(() => main(['start', '--no-serve', '--data', data]));
  if (code !== 0) throw new Error(`cchc start --no-serve exited ${code}`);
}

/** Issues a key with `cchc keys create` and returns it. */
export async function createKey(data: string, role: string, unit?: string): Promise<string> {
  let key = '';
  const log = console.log;
  console.log = (line: unknown) => {
    if (typeof line === 'string' && line.startsWith('cchc_')) key = line;
  };
  await main([
    'keys',
    'create',
    '--role',
    role,
    ...(unit ? ['--unit', unit] : []),
    '--label',
    'bench',
    '--data',
    data,
  ]).finally(() => (console.log = log));
  if (!key) throw new Error('no key printed');
  return key;
}

export interface ServeChild {
  readonly process: ChildProcess;
  readonly base: string;
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

/** `cchc serve` in its own process (as deployed), logs to /dev/null, a rate limit above any load. */
export async function serveChild(data: string, logLevel = 'warn', env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const port = await freePort();
  // `node --import tsx`: one process, so its pid is the server's (RSS is read from /proc/<pid>).
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'packages/cli/src/bin.ts'),
      'serve',
      '--port',
      String(port),
      '--log-level',
      logLevel,
      '--rate-limit',
      '100000000',
      '--data',
      data,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT, env: { ...process.env, ...env } },
  );
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/ready`);
  return {
    process: child,
    base,
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
