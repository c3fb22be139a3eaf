/**
 * `pnpm bench [store]`: the project's benchmarks. Not part of the tests: figures on a shared
 * 2-core machine are noisy, so each is a median of runs made side by side in one process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStoreBench } from './store-bench.ts';
import { fmt } from './stats.ts';

const suites = process.argv.slice(2);
const want = (name: string) => suites.length === 0 || suites.includes(name);
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };

if (want('store')) {
  console.log('Embedded store (DuckDB file) — medians');
  const r = await runStoreBench();
  const row = (label: string, value: number, target: number) =>
    console.log(`  ${label.padEnd(44)} ${fmt(value).padStart(10)} events/s   target ≥ ${fmt(target).padStart(7)}  ${value >= target ? 'met' : 'NOT met'}`);
  row('one caller, waiting for each durable commit', r.singleCaller, 250);
  row('16 concurrent callers (group commit)', r.concurrent16, 1000);
  row('batches of 10,000 events', r.batch10k, 200_000);
  row(`read the global log (${fmt(r.readLogEvents)} events)`, r.readLog, 300_000);
  results['store'] = r;
}

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nResults: ${file}`);
