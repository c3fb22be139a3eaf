import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createKey, demoYear, freePort, ROOT, serveChild, waitReady } from './serve-child.ts';
import { median } from './stats.ts';

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
  readonly bareMedianP99Ms: number;
  /** The median over rounds of (API round / the bare round after it). */
  readonly ratioToBare: number;
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
    await demoYear(data);
    const key = await createKey(data, 'analyst');
    const server = await serveChild(data, logLevel);
    const url = `${server.base}/v1/rankings/2025`;
    let bare: ReturnType<typeof spawn> | undefined;
    try {
      const headers = { authorization: `Bearer ${key}` };
      const check = await fetch(url, { headers });
      const body = await check.text();
      if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}: ${body}`);
      const bodyFile = join(data, 'ranking.json');
      writeFileSync(bodyFile, body);
      const barePort = await freePort();
      bare = spawn(
        process.execPath,
        // Started the same way as the API's server (`node --import tsx`), so both pay the same loader.
        ['--import', 'tsx', join(ROOT, 'bench/bare-fastify-server.ts'), String(barePort), bodyFile],
        { stdio: 'ignore', cwd: ROOT },
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
        bareMedianP99Ms: median(bareRounds.map((r) => r.p99Ms)),
        ratioToBare: median(rounds.map((r, i) => r.requestsPerSecond / bareRounds[i]!.requestsPerSecond)),
        logLevel,
      };
    } finally {
      bare?.kill('SIGTERM');
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
