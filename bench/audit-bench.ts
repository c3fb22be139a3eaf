/**
 * Proofs against a full verify (issue 16): on one log, in the same run, the time to recompute the
 * whole hash chain (`cchc verify`), to build the Merkle tree from the log once, to read it back from
 * its kept file (a later CLI call, a restarted server), to prove one event's inclusion once the
 * tree is in memory (a running server), and a whole one-off proof (`cchc prove` without the
 * process start: open the store, read the kept tree, prove, close). Medians.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilityOf, keepLogTreeAt, logTreeOf, openLedgerStore, proveInclusion, walkDuckDbChain } from '@cchc/core';
import { median, timed } from './stats.ts';
import { progressData, readWholeLog } from './store-bench.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export interface AuditBenchResult {
  readonly events: number;
  readonly verifyMs: number;
  readonly readOnceMs: number;
  /** The row-by-row walk the set-based verify replaced (it still names failures), first run only. */
  readonly walkMs: number;
  readonly treeBuildMs: number;
  readonly treeReadMs: number;
  readonly keptFileBytes: number;
  readonly oneOffProveMs: number;
  readonly proofMedianMs: number;
  readonly proofP99Ms: number;
}

export async function runAuditBench(
  events = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000),
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
    const readsOnce: number[] = [];
    let walkMs = 0;
    const builds: number[] = [];
    const reads: number[] = [];
    const proofs: number[] = [];
    const oneOffs: number[] = [];
    const keptFile = join(dir, 'audit', 'merkle-tree.bin');
    for (let run = 0; run < RUNS; run++) {
      const store = await openLedgerStore({ url: path, readOnly: true });
      try {
        const v = await timed(() => capabilityOf(store, 'chainVerifier').verifyChain());
        if (!v.result.ok) throw new Error('the benchmark log does not verify');
        verifies.push(v.ms);
        const once = await timed(() => readWholeLog(store));
        if (once.result !== events) throw new Error(`read ${once.result} events, expected ${events}`);
        readsOnce.push(once.ms);
        if (run === 0) {
          const db = await capabilityOf(store, 'embeddedLog').database.connect();
          try {
            const walk = await timed(() => walkDuckDbChain(db, events));
            if (!walk.result.ok) throw new Error('the benchmark log does not verify row by row');
            walkMs = walk.ms;
          } finally {
            db.close();
          }
        }
        // Built from the log (and written to the kept file, as the CLI does).
        rmSync(keptFile, { force: true });
        keepLogTreeAt(store, keptFile);
        builds.push((await timed(() => logTreeOf(store))).ms);
        for (let k = 0; k < 200; k++) {
          const position = 1 + ((k * 7919 + run) % events);
          proofs.push((await timed(() => proveInclusion(store, String(position)))).ms);
        }
      } finally {
        await store.close();
      }
      const again = await openLedgerStore({ url: path, readOnly: true });
      try {
        keepLogTreeAt(again, keptFile);
        const read = await timed(() => logTreeOf(again));
        if (read.result.size !== events) throw new Error('the kept tree was not read whole');
        reads.push(read.ms);
      } finally {
        await again.close();
      }
      oneOffs.push(
        (
          await timed(async () => {
            const once = await openLedgerStore({ url: path, readOnly: true });
            try {
              keepLogTreeAt(once, keptFile);
              return await proveInclusion(once, String(1 + ((run * 104_729) % events)));
            } finally {
              await once.close();
            }
          })
        ).ms,
      );
    }
    const sorted = [...proofs].sort((a, b) => a - b);
    return {
      events,
      verifyMs: median(verifies),
      readOnceMs: median(readsOnce),
      walkMs,
      treeBuildMs: median(builds),
      treeReadMs: median(reads),
      keptFileBytes: statSync(keptFile).size,
      oneOffProveMs: median(oneOffs),
      proofMedianMs: median(proofs),
      proofP99Ms: sorted[Math.floor(sorted.length * 0.99)]!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
