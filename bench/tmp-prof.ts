import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createKey, demoYear, freePort, ROOT, waitReady } from './serve-child.ts';

const which = process.argv[2] ?? 'api';
const data = mkdtempSync(join(tmpdir(), 'prof-'));
await demoYear(data);
const key = await createKey(data, 'analyst');
let port = await freePort();
const prof = ['--cpu-prof', '--cpu-prof-dir', `/tmp/prof/${which}`];
let child = spawn(
  process.execPath,
  [
    ...(which === 'api' ? prof : []),
    '--import',
    'tsx',
    join(ROOT, 'packages/cli/src/bin.ts'),
    'serve',
    '--port',
    String(port),
    '--log-level',
    'info',
    '--rate-limit',
    '100000000',
    '--data',
    data,
  ],
  { stdio: 'ignore', cwd: ROOT },
);
let url = `http://127.0.0.1:${port}/v1/rankings/2025`;
await waitReady(`http://127.0.0.1:${port}/ready`);
let headers: Record<string, string> = { authorization: `Bearer ${key}` };
if (which === 'bare') {
  const body = await (await fetch(url, { headers })).text();
  child.kill('SIGTERM');
  writeFileSync('/tmp/prof/body.json', body);
  port = await freePort();
  child = spawn(
    process.execPath,
    [...prof, '--import', 'tsx', join(ROOT, 'bench/bare-fastify-server.ts'), String(port), '/tmp/prof/body.json'],
    { stdio: 'ignore', cwd: join(ROOT, 'bench') },
  );
  url = `http://127.0.0.1:${port}/v1/rankings/2025`;
  await waitReady(url);
  headers = {};
}
await autocannon({ url, connections: 10, duration: 3, headers });
const r = await autocannon({ url, connections: 10, duration: 10, headers });
console.log(which, r.requests.total, 'requests in the last 10 s', r.requests.average, '/s');
child.kill('SIGTERM');
await new Promise((d) => child.on('exit', d));
