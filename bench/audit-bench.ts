/**
 * Proofs against a full verify (issue 16): on one log, in the same run, the time to recompute the
 * whole hash chain (`cchc verify`), to build the Merkle tree once (a CLI call, or a server's first
 * proof), and to prove one event's inclusion once the tree is kept (a running server). Medians.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilityOf, logTreeOf, openLedgerStore, proveInclusion } from '@cchc/core';
import { median, timed } from './stats.ts';
import { progressData } from './store-bench.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export interface AuditBenchResult {
  readonly events: number;
  readonly verifyMs: number;
  readonly treeBuildMs: number;
  readonly proofMedianMs: number;
  readonly proofP99Ms: number;
}

export async function runAuditBench(
  events = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000),
): Promise<AuditBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bench-audit-'));
  try {
    const path = join(dir, 'events.duckdb');
    const writer = await openLedgerStore({ url: path });
    for (let b = 0; b < events / 10_000; b++)
      await writer.appendMany(
        Array.from({ length: 100 }, (_, s) => ({
          streamId: `a-${b}-${s}`,
          events: Array.from({ length: 100 }, (_, i) => ({
            eventId: randomUUID(),
            type: 'ProgressReported',
            schemaVersion: 2,
            data: progressData(i),
            metadata: { actor: 'bench', source: 'test' as const },
            occurredAt: '2025-05-10T09:00:00+07:00',
          })),
        })),
      );
    await writer.close();
    const verifies: number[] = [];
    const builds: number[] = [];
    const proofs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const store = await openLedgerStore({ url: path, readOnly: true });
      try {
        const v = await timed(() => capabilityOf(store, 'chainVerifier').verifyChain());
        if (!v.result.ok) throw new Error('the benchmark log does not verify');
        verifies.push(v.ms);
        builds.push((await timed(() => logTreeOf(store))).ms);
        for (let k = 0; k < 200; k++) {
          const position = 1 + ((k * 7919 + run) % events);
          proofs.push((await timed(() => proveInclusion(store, String(position)))).ms);
        }
      } finally {
        await store.close();
      }
    }
    const sorted = [...proofs].sort((a, b) => a - b);
    return {
      events,
      verifyMs: median(verifies),
      treeBuildMs: median(builds),
      proofMedianMs: median(proofs),
      proofP99Ms: sorted[Math.floor(sorted.length * 0.99)]!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
