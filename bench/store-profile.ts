/**
 * Where a batch of 10,000 and a page of the global log spend their time (issue 18 §2, step 1):
 * the store's own steps timed one by one on the same events as `pnpm bench store`, medians of
 * several runs. Run alone: `node --import tsx bench/store-profile.ts`. The steps themselves are
 * the adapter's test support (`profileDuckDbStoreSteps`), so nothing here reaches past the seam.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileDuckDbStoreSteps } from '@cchc/core/testing';
import { median } from './stats.ts';
import { batchRequests } from './store-bench.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-profile-store-'));
  const steps: Record<string, number[]> = {};
  const time = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    steps[step] ??= [];
    steps[step].push(performance.now() - start);
    return result;
  };
  try {
    await profileDuckDbStoreSteps({ dir, runs: RUNS, batchRequests, time });
    console.log(`medians of ${RUNS * 4} batches of 10,000 / ${RUNS * RUNS * 4} pages of 10,000 (ms):`);
    for (const [step, values] of Object.entries(steps))
      console.log(`  ${step.padEnd(62)} ${median(values).toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
