/**
 * The evidence pack (issue 16): on the demo year, in the same run, the time to verify a pack of
 * one unit and a pack of the whole log (`verifyPack`, WebCrypto, the score recomputed) against
 * the reference of a full `cchc verify` of the store's chain, and the time to build each. Medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilityOf, openLedgerStore } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { buildEvidencePack } from '@cchc/dashboards';
import { ProjectionEngine, parseRulebook, verifyPack } from '@cchc/projections';
import { simulate } from '@cchc/simulation';
import { median, timed } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const UNIT = 'phong-tnn-kttv';

export interface PackBenchResult {
  readonly events: number;
  readonly unitPackEvents: number;
  readonly verifyChainMs: number;
  readonly verifyUnitPackMs: number;
  readonly verifyWholePackMs: number;
  readonly buildUnitPackMs: number;
  readonly buildWholePackMs: number;
}

export async function runPackBench(): Promise<PackBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bench-pack-'));
  const store = await openLedgerStore({ url: join(dir, 'events.duckdb') });
  const engine = await ProjectionEngine.open(store);
  try {
    const { plan, registry } = seedPlan();
    await simulate(store, { plan, units: registry.units, seed: 42 });
    const events = await store.headPosition();
    await engine.catchUp(events);
    const build = (unitId?: string) =>
      buildEvidencePack({ store, db: engine.database, dataDir: dir, year: 2025, ...(unitId ? { unitId } : {}) });
    await build(UNIT); // warm: the verifier page is bundled once per process
    const times = {
      chain: [] as number[],
      unit: [] as number[],
      whole: [] as number[],
      bu: [] as number[],
      bw: [] as number[],
    };
    let unitPackEvents = 0;
    for (let run = 0; run < RUNS; run++) {
      const unit = await timed(() => build(UNIT));
      const whole = await timed(() => build());
      unitPackEvents = unit.result.events;
      times.bu.push(unit.ms);
      times.bw.push(whole.ms);
      const c = await timed(() => capabilityOf(store, 'chainVerifier').verifyChain());
      if (!c.result.ok) throw new Error('the demo log does not verify');
      times.chain.push(c.ms);
      for (const [files, into] of [
        [unit.result.files, times.unit],
        [whole.result.files, times.whole],
      ] as const) {
        const v = await timed(() => verifyPack(files, { readRulebook: parseRulebook }));
        if (!v.result.ok) throw new Error('a benchmark pack does not verify');
        into.push(v.ms);
      }
    }
    return {
      events,
      unitPackEvents,
      verifyChainMs: median(times.chain),
      verifyUnitPackMs: median(times.unit),
      verifyWholePackMs: median(times.whole),
      buildUnitPackMs: median(times.bu),
      buildWholePackMs: median(times.bw),
    };
  } finally {
    engine.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
