import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@cchc/cli';
import autocannon from 'autocannon';
import { median } from './stats.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

interface Round {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface ApiBenchResult {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: readonly Round[];
  readonly medianRequestsPerSecond: number;
  readonly medianP99Ms: number;
  /** Bare Fastify serving the same body, measured in alternation with the API. */
  readonly bareRounds: readonly Round[];
  readonly bareMedianRequestsPerSecond: number;
  readonly logLevel: string;
}

async function load(url: string, seconds: number, headers: Record<string, string>): Promise<Round> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    if (i > 600) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/**
 * autocannon against GET /v1/rankings/2025 on the demo year, 10 connections on loopback. The
 * server is `cchc serve` in its own process (as deployed: JSON logs at info, to /dev/null; rate
 * limiting on, with a limit above the load), so the load generator does not share its event loop.
 */
export async function runApiBench(
  options: { rounds?: number; seconds?: number; logLevel?: string } = {},
): Promise<ApiBenchResult> {
  const roundCount = options.rounds ?? 3;
  const seconds = options.seconds ?? 10;
  const logLevel = options.logLevel ?? 'info';
  const data = mkdtempSync(join(tmpdir(), 'cchc-api-bench-'));
  try {
    await quietly(() => main(['start', '--no-serve', '--data', data]));
    let key = '';
    const log = console.log;
    console.log = (line: unknown) => {
      if (typeof line === 'string' && line.startsWith('cchc_')) key = line;
    };
    await main(['keys', 'create', '--role', 'analyst', '--label', 'bench', '--data', data]).finally(
      () => (console.log = log),
    );
    const port = await freePort();
    const server = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
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
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<void>((done) => server.on('exit', () => done()));
    const url = `http://127.0.0.1:${port}/v1/rankings/2025`;
    let bare: ReturnType<typeof spawn> | undefined;
    try {
      await waitReady(`http://127.0.0.1:${port}/ready`);
      const headers = { authorization: `Bearer ${key}` };
      const check = await fetch(url, { headers });
      const body = await check.text();
      if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}: ${body}`);
      const bodyFile = join(data, 'ranking.json');
      writeFileSync(bodyFile, body);
      const barePort = await freePort();
      bare = spawn(
        process.execPath,
        [
          join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
          join(ROOT, 'bench/bare-fastify-server.ts'),
          String(barePort),
          bodyFile,
        ],
        { stdio: 'ignore', cwd: join(ROOT, 'bench') },
      );
      const bareUrl = `http://127.0.0.1:${barePort}/v1/rankings/2025`;
      await waitReady(bareUrl);
      await load(url, 3, headers); // warm-up
      await load(bareUrl, 3, {});
      const rounds: Round[] = [];
      const bareRounds: Round[] = [];
      for (let r = 0; r < roundCount; r++) {
        rounds.push(await load(url, seconds, headers));
        bareRounds.push(await load(bareUrl, seconds, {}));
      }
      return {
        url,
        connections: 10,
        seconds,
        rounds,
        medianRequestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
        medianP99Ms: median(rounds.map((r) => r.p99Ms)),
        bareRounds,
        bareMedianRequestsPerSecond: median(bareRounds.map((r) => r.requestsPerSecond)),
        logLevel,
      };
    } finally {
      bare?.kill('SIGTERM');
      server.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
