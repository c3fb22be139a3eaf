import { describe, expect, it } from 'vitest';
import { runSoak } from '../bench/soak.ts';

/**
 * The soak's CI form (issue 17): 30 s of warm-up, then a measured minute of mixed reads at random
 * instants and writes against `cchc serve`. Fails on any error, or when the server's RSS grows
 * faster than 100 MB per minute over the measured minute (least squares over samples every 2 s).
 * In its first two minutes the server's RSS is still climbing to the high-water mark of its
 * concurrent DuckDB queries (24–60 MB/min measured in suite runs), so this bound catches gross
 * leaks only; the 10-minute `pnpm soak` (bound 20 MB/min after its first minute) is where a slow
 * one shows.
 */
const MAX_SLOPE_MB_PER_MINUTE = 100;

describe('soak (60 s form)', () => {
  it('no error, RSS flat', { timeout: 240_000 }, async () => {
    const result = await runSoak({ seconds: 90, warmUpSeconds: 30, clients: 4, sampleMs: 2_000 });
    console.log(
      `soak: ${result.requests} requests (${result.writes} writes), ${result.errors} errors, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, RSS ${result.samples[0]!.rssMb.toFixed(0)} → ${result.samples.at(-1)!.rssMb.toFixed(0)} MB, slope ${result.rssSlopeMbPerMinute.toFixed(1)} MB/min after ${result.warmUpSeconds} s`,
    );
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.rssSlopeMbPerMinute).toBeLessThan(MAX_SLOPE_MB_PER_MINUTE);
  });
});
