/**
 * Embedded store benchmark (issue 2): durable appends for one caller waiting on each commit, for
 * 16 concurrent callers (group commit), batches of 10,000 events, and reading the global log.
 * Each figure is the median of several runs, all measured in this one process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerStore, type NewEvent, openLedgerStore } from '@cchc/core';
import { fmt, median, timed } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const meta = { actor: 'bench', source: 'test' } as const;

/** The payload every store benchmark writes, ours and the peers' alike. */
export function progressData(i: number) {
  return {
    taskId: `II.${(i % 7) + 1}`,
    unitId: `unit-${i % 23}`,
    percent: i % 101,
    note: 'Đã số hóa hồ sơ theo kế hoạch',
    evidenceRefs: [`BC ${i}/VP`],
  };
}

function progressEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ProgressReported',
    schemaVersion: 2,
    data: progressData(i),
    metadata: meta,
    occurredAt: '2025-05-10T09:00:00+07:00',
  };
}

/** One batch of 10,000 events: 100 streams named `${prefix}-${s}`, 100 events each. */
export function batchRequests(prefix: string) {
  return Array.from({ length: 100 }, (_, s) => ({
    streamId: `${prefix}-${s}`,
    events: Array.from({ length: 100 }, (_, i) => progressEvent(s * 100 + i)),
  }));
}

export interface StoreBenchResult {
  readonly singleCaller: number;
  readonly concurrent16: number;
  readonly batch10k: number;
  readonly readLog: number;
  readonly readLogEvents: number;
}

/** One round's figures, events/s: what the ratios against references of the same round use. */
export interface StoreRound {
  readonly singleCaller: number;
  readonly batch10k: number;
  readonly readLog: number;
}

/**
 * `afterRound` runs after each round (the references' round, so that ours and theirs alternate
 * and every ratio is taken between neighbouring rounds).
 */
export async function runStoreBench(
  log: (line: string) => void = console.log,
  afterRound?: (run: number, ours: StoreRound) => Promise<void>,
): Promise<StoreBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bench-store-'));
  try {
    const single: number[] = [];
    const concurrent: number[] = [];
    const batches: number[] = [];
    const reads: number[] = [];
    // Reading: a log of 200,000 events, read from position 1 in pages of 10,000, once a round.
    const readPath = join(dir, 'read', 'events.duckdb');
    const writer = await openLedgerStore({ url: readPath });
    const total = 200_000;
    for (let b = 0; b < total / 10_000; b++) {
      await writer.appendMany(
        Array.from({ length: 100 }, (_, s) => ({
          streamId: `r-${b}-${s}`,
          events: Array.from({ length: 100 }, (_, i) => progressEvent(i)),
        })),
      );
    }
    await writer.close();
    for (let run = 0; run < RUNS; run++) {
      const store = await openLedgerStore({ url: join(dir, `run-${run}`, 'events.duckdb') });
      try {
        // One caller, waiting for each durable commit.
        const n1 = 1000;
        const one = await timed(async () => {
          for (let i = 0; i < n1; i++) await store.appendToStream(`task-2025-II.${i % 7}`, [progressEvent(i)]);
        });
        single.push(n1 / (one.ms / 1000));

        // 16 callers at once, each waiting for its own commit: group commit.
        const perCaller = 250;
        const many = await timed(() =>
          Promise.all(
            Array.from({ length: 16 }, async (_, c) => {
              for (let i = 0; i < perCaller; i++) await store.appendToStream(`caller-${c}`, [progressEvent(i)]);
            }),
          ),
        );
        concurrent.push((16 * perCaller) / (many.ms / 1000));

        // Batches of 10,000 events over 100 streams, one atomic append each.
        for (let b = 0; b < 4; b++) {
          const requests = batchRequests(`bulk-${run}-${b}`);
          const t = await timed(() => store.appendMany(requests));
          batches.push(10_000 / (t.ms / 1000));
        }
      } finally {
        await store.close();
      }
      const reader = await openLedgerStore({ url: readPath, readOnly: true });
      try {
        const t = await timed(() => readWholeLog(reader));
        if (t.result !== total) throw new Error(`read ${t.result} events, expected ${total}`);
        reads.push(total / (t.ms / 1000));
      } finally {
        await reader.close();
      }
      log(
        `  run ${run + 1}/${RUNS}: single ${fmt(single.at(-1)!)}/s, 16 callers ${fmt(concurrent.at(-1)!)}/s, batches ${fmt(median(batches.slice(-4)))}/s, read ${fmt(reads.at(-1)!)}/s`,
      );
      await afterRound?.(run, {
        singleCaller: single.at(-1)!,
        batch10k: median(batches.slice(-4)),
        readLog: reads.at(-1)!,
      });
    }

    return {
      singleCaller: median(single),
      concurrent16: median(concurrent),
      batch10k: median(batches),
      readLog: median(reads),
      readLogEvents: total,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the whole log once through the store's public read API, in pages of 10,000; the count. */
export async function readWholeLog(store: LedgerStore): Promise<number> {
  let from = 1;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (page.length === 0) return count;
    count += page.length;
    from = page[page.length - 1]!.globalPosition + 1;
  }
}
