/**
 * `pnpm bench [store]`: the project's benchmarks. Not part of the tests: figures on a shared
 * 2-core machine are noisy, so each is a median of runs made side by side in one process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApiAsOfBench } from './api-asof-bench.ts';
import { runApiBench } from './api-bench.ts';
import { runAuditBench } from './audit-bench.ts';
import { runContentionBench } from './contention-bench.ts';
import { runIndexRankingBench } from './index-ranking-bench.ts';
import { runKafkaBench } from './kafka-bench.ts';
import { runPackBench } from './pack-bench.ts';
import { openPeerStoreBench, type PeerRound, peerMedians } from './peer-store-bench.ts';
import { runProjectionsBench } from './projections-bench.ts';
import { fmt, median } from './stats.ts';
import { runStoreBench, type StoreRound } from './store-bench.ts';

const suites = process.argv.slice(2);
const want = (name: string) => suites.length === 0 || suites.includes(name);
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
};

if (want('store')) {
  console.log('Embedded store (DuckDB file) — medians');
  // With the references, each round of ours is followed by a round of theirs, and each ratio is
  // the median of the ratios of neighbouring rounds (the machine's speed drifts within minutes).
  const peers = process.env.BENCH_PEERS !== '0' ? await openPeerStoreBench() : undefined;
  const rounds: { ours: StoreRound; theirs: PeerRound }[] = [];
  let r: Awaited<ReturnType<typeof runStoreBench>>;
  try {
    r = await runStoreBench(
      console.log,
      peers && (async (run, ours) => void rounds.push({ ours, theirs: await peers.round(run) })),
    );
  } finally {
    peers?.close();
  }
  const row = (label: string, value: number, target: number) =>
    console.log(
      `  ${label.padEnd(44)} ${fmt(value).padStart(10)} events/s   target ≥ ${fmt(target).padStart(7)}  ${value >= target ? 'met' : 'NOT met'}`,
    );
  row('one caller, waiting for each durable commit', r.singleCaller, 250);
  row('16 concurrent callers (group commit)', r.concurrent16, 1000);
  row('batches of 10,000 events', r.batch10k, 200_000);
  row(`read the global log (${fmt(r.readLogEvents)} events)`, r.readLog, 300_000);
  results.store = r;
  if (peers) {
    console.log(
      '  References, alternating round by round (BENCH_PEERS=0 leaves them out) — medians of per-round ratios',
    );
    const p = peerMedians(rounds.map((x) => x.theirs));
    const per = (ours: (o: StoreRound) => number, theirs: (t: PeerRound) => number) =>
      median(rounds.map((x) => ours(x.ours) / theirs(x.theirs)));
    const ratio = (label: string, value: number, reference: string, target: number) =>
      console.log(
        `  ${label.padEnd(58)} ${`${value.toFixed(2)}×`.padStart(8)}   target ≥ ${`${target}×`.padEnd(6)} ${value >= target ? 'met' : 'NOT met'}   (${reference})`,
      );
    ratio(
      'batches of 10,000 vs Emmett SQLite batches of 100',
      per(
        (o) => o.batch10k,
        (t) => t.emmettBatch100,
      ),
      `Emmett ${fmt(p.emmettBatch100)}/s`,
      8,
    );
    ratio(
      'batches of 10,000 vs the raw DuckDB Appender limit',
      per(
        (o) => o.batch10k,
        (t) => t.appenderBatch10k,
      ),
      `Appender ${fmt(p.appenderBatch10k)}/s`,
      0.6,
    );
    ratio(
      'reading the global log vs Emmett SQLite global read',
      per(
        (o) => o.readLog,
        (t) => t.emmettReadGlobal,
      ),
      `Emmett ${fmt(p.emmettReadGlobal)}/s`,
      3,
    );
    console.log(
      `  single appends vs Emmett SQLite single appends: ${per(
        (o) => o.singleCaller,
        (t) => t.emmettSingle,
      ).toFixed(2)}× (Emmett ${fmt(p.emmettSingle)}/s); Emmett per-stream reads ${fmt(p.emmettReadStream)}/s`,
    );
    results.storePeers = { ...p, rounds };
  }
}

if (want('projections')) {
  console.log('Projections and scoring (~1M simulated events) — medians');
  const r = await runProjectionsBench();
  console.log(`  ${fmt(r.events)} events, ${fmt(r.plans)} plans`);
  const row = (label: string, value: string, target: string, met: boolean) =>
    console.log(`  ${label.padEnd(58)} ${value.padStart(12)}   target ${target.padEnd(10)} ${met ? 'met' : 'NOT met'}`);
  // Issue 18's targets, each a ratio against a reference measured in this run.
  const ratio = (label: string, value: number, reference: string, target: string, met: boolean) =>
    console.log(
      `  ${label.padEnd(66)} ${(value >= 1 ? `${value.toFixed(1)}×` : `1/${(1 / value).toFixed(1)}`).padStart(7)}   target ${target.padEnd(7)} ${met ? 'met' : 'NOT met'}   (${reference})`,
    );
  const foldThroughStore = r.loadIntoJsMs + r.foldMs;
  console.log(
    `  (a) rebuild every read model ${fmt(r.rebuildMs)} ms + year-end ranking of every plan ${fmt(r.rankingMs)} ms = ${fmt(r.rebuildAndRankingMs)} ms (one plan alone: ${fmt(r.rankingOnePlanMs)} ms); DuckDB memory limit ${r.memoryLimit}`,
  );
  console.log(
    `  (b) the event-by-event TypeScript fold: ${fmt(r.foldMs)} ms in memory + ${fmt(r.loadIntoJsMs)} ms reading its events through the store; fold and SQL agree: ${r.foldAgrees}`,
  );
  console.log(
    `  (c) as-of ranking, median of 20 instants: one plan ${fmt(r.asOfOnePlanMedianMs)} ms, every plan ${fmt(r.asOfAllPlansMedianMs)} ms`,
  );
  console.log(
    `  (e) ${fmt(r.newEvents)} new events on ${fmt(r.events)}: caught up in ${fmt(r.catchUpMs)} ms; with one plan's ranking ${fmt(r.catchUpAndRankOneMs)} ms`,
  );
  const speedup = foldThroughStore / r.rebuildAndRankingMs;
  ratio(
    '(a) vs the fold reading through the store',
    speedup,
    `fold ${fmt(foldThroughStore)} ms`,
    '≥ 10×',
    speedup >= 10,
  );
  const ofRead = r.rebuildAndRankingMs / r.loadIntoJsMs;
  ratio(
    '(a) vs the store reading those events once',
    ofRead,
    `read ${fmt(r.loadIntoJsMs)} ms`,
    '≤ 1/3',
    ofRead <= 1 / 3,
  );
  const one = r.asOfOnePlanMedianMs / r.foldMs;
  ratio(
    '(c) as-of ranking of one plan vs the in-memory fold of every plan',
    one,
    `fold ${fmt(r.foldMs)} ms`,
    '≤ 1/50',
    one <= 1 / 50,
  );
  const all = r.asOfAllPlansMedianMs / r.foldMs;
  ratio('(c) as-of ranking of every plan vs the same fold', all, `fold ${fmt(r.foldMs)} ms`, '≤ 1/8', all <= 1 / 8);
  const inc = r.catchUpAndRankOneMs / r.rebuildMs;
  ratio(
    `(e) ${fmt(r.newEvents)} new events: catch up + one plan's ranking vs a full rebuild`,
    inc,
    `rebuild ${fmt(r.rebuildMs)} ms`,
    '≤ 1/50',
    inc <= 1 / 50,
  );
  row(
    '(d) peak resident memory of rebuild + ranking (SQL part)',
    `${fmt(r.peakRssMiB)} MiB`,
    '≤ 512 MiB',
    r.peakRssMiB <= 512,
  );
  results.projections = r;
}

if (want('api')) {
  const rounds = Number(process.env.BENCH_API_ROUNDS ?? 5);
  console.log(
    `API — autocannon, GET /v1/rankings/2025, 10 connections, loopback, demo year — ${rounds} rounds of 10 s, alternating with bare Fastify`,
  );
  const r = await runApiBench({ rounds });
  r.rounds.forEach((round, i) => {
    const bare = r.bareRounds[i]!;
    console.log(
      `  round ${i + 1}: API ${fmt(round.requestsPerSecond)} req/s (p50 ${round.p50Ms} ms, p99 ${round.p99Ms} ms, non-2xx ${round.non2xx}, errors ${round.errors}) · bare ${fmt(bare.requestsPerSecond)} req/s (p99 ${bare.p99Ms} ms) · ${((100 * round.requestsPerSecond) / bare.requestsPerSecond).toFixed(0)}%`,
    );
  });
  const ratio = (label: string, value: string, target: string, met: boolean, reference: string) =>
    console.log(
      `  ${label.padEnd(58)} ${value.padStart(8)}   target ${target.padEnd(8)} ${met ? 'met' : 'NOT met'}   (${reference})`,
    );
  ratio(
    'API vs bare Fastify serving the same body (median of rounds)',
    `${(100 * r.ratioToBare).toFixed(0)}%`,
    '≥ 75%',
    r.ratioToBare >= 0.75,
    `API ${fmt(r.medianRequestsPerSecond)} req/s, bare ${fmt(r.bareMedianRequestsPerSecond)} req/s`,
  );
  ratio(
    'API p99 latency (median of rounds)',
    `${r.medianP99Ms} ms`,
    '≤ 5 ms',
    r.medianP99Ms <= 5,
    `bare p99 ${r.bareMedianP99Ms} ms`,
  );
  results.api = r;
}

// 2.5–5 min on this machine on top of the projections suite (alone: `pnpm bench api-asof`).
if (want('api-asof')) {
  console.log(
    'API, uncached as-of ranking: one plan at a new instant per request, cchc serve on the 1M-event dataset — medians over alternating rounds',
  );
  const r = await runApiAsOfBench();
  console.log(
    `  ${fmt(r.events)} events, plan ${r.plan} (${r.units} units); API and reference rank alike: ${r.agrees}; ${r.distinctEtags} distinct ETags for ${r.uncachedRequests} requests (a repeated instant, from the cache: ${r.cachedRepeatMs.toFixed(1)} ms; fastest miss ${fmt(r.fastestMissMs)} ms)`,
  );
  console.log(
    `  in-process answer of the route (its queries + JSON, no HTTP) ${fmt(r.answerInProcessMedianMs)} ms; API, one connection, one request at a time ${fmt(r.apiSequentialMedianMs)} ms; API ×${r.connections}: p50 ${fmt(r.apiP50Ms)} ms, p99 ${fmt(r.apiP99Ms)} ms (over all rounds ${fmt(r.apiP99AllRoundsMs)} ms)`,
  );
  console.log(
    `  ${'API p99, one client at a time, vs the one-plan as-of ranking in process'.padEnd(66)} ${`${r.sequentialRatio.toFixed(2)}×`.padStart(7)}   target ≤ 2×     ${r.sequentialRatio <= 2 ? 'met' : 'NOT met'}   (reference median ${fmt(r.referenceMedianMs)} ms; per round ${r.rounds.map((x) => `${x.sequentialRatio.toFixed(2)}×`).join(', ')})`,
  );
  console.log(
    `  ${`API p99, ${r.connections} connections, vs the one-plan as-of ranking in process`.padEnd(66)} ${`${r.ratio.toFixed(2)}×`.padStart(7)}   target ≤ 2×     ${r.ratio <= 2 ? 'met' : 'NOT met'}   (reference median ${fmt(r.referenceMedianMs)} ms; per round ${r.rounds.map((x) => `${x.ratio.toFixed(2)}×`).join(', ')})`,
  );
  results.apiAsOf = r;
}

if (suites.includes('contention')) {
  console.log(
    'Read contention: GET /v1/plans (a cache miss each) alone, then beside 8 clients ranking at random instants',
  );
  const r = await runContentionBench();
  console.log(
    `  cheap read alone:            p50 ${r.cheapAloneP50Ms.toFixed(1)} ms, p99 ${r.cheapAloneP99Ms.toFixed(1)} ms`,
  );
  console.log(
    `  beside ${r.clients} ranking clients:     p50 ${r.cheapUnderLoadP50Ms.toFixed(1)} ms, p99 ${r.cheapUnderLoadP99Ms.toFixed(1)} ms (${(r.cheapUnderLoadP50Ms / r.cheapAloneP50Ms).toFixed(1)}× the reference)`,
  );
  console.log(
    `  rankings: ${r.rankingsPerSecond.toFixed(1)}/s, p50 ${r.rankingP50Ms.toFixed(0)} ms; errors ${r.errors}`,
  );
  results.contention = r;
}

if (suites.includes('index')) {
  console.log('Departments ranked by their CCHC index, simulated dossiers — medians, alternating with the reference');
  const r = await runIndexRankingBench();
  console.log(
    `  ${r.departments} dossiers (${fmt(r.dossierEvents)} events) written through the decision engine in ${fmt(r.writeDossiersMs)} ms`,
  );
  console.log(`  one department's index (reference): ${r.oneIndexMedianMs.toFixed(1)} ms`);
  console.log(
    `  ranking all ${r.departments}: ${fmt(r.rankingMedianMs)} ms = ${r.rankingOverNIndexes.toFixed(2)}× ${r.departments} single indexes (median of ${r.runs})`,
  );
  results.indexRanking = r;
}

if (want('audit')) {
  console.log('Audit: an inclusion proof against a full verify of the same log — medians');
  const r = await runAuditBench();
  console.log(
    `  ${r.events.toLocaleString('en-US')} events: cchc verify ${fmt(r.verifyMs)} ms; Merkle tree built from the log ${fmt(r.treeBuildMs)} ms, read back from its kept file ${fmt(r.treeReadMs)} ms (${(r.keptFileBytes / 2 ** 20).toFixed(0)} MiB)`,
  );
  console.log(
    `  cchc verify against reading the log once through the store (${fmt(r.readOnceMs)} ms): ${(r.verifyMs / r.readOnceMs).toFixed(2)}×   target ≤ 2×  ${r.verifyMs <= 2 * r.readOnceMs ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  the row-by-row walk it replaced (still run to name a failure), first run: ${fmt(r.walkMs)} ms = ${(r.walkMs / r.verifyMs).toFixed(1)}× the set-based verify`,
  );
  console.log(
    `  one-off proof (open the store, read the kept tree, prove, close; cchc prove without the process start): ${fmt(r.oneOffProveMs)} ms = 1/${fmt(r.verifyMs / r.oneOffProveMs)} of a full verify`,
  );
  console.log(
    `  one event's inclusion proof, tree kept: median ${r.proofMedianMs.toFixed(3)} ms, p99 ${r.proofP99Ms.toFixed(3)} ms = 1/${fmt(r.verifyMs / r.proofMedianMs)} of a full verify`,
  );
  results.audit = r;
}

if (want('pack')) {
  console.log('Evidence pack: verifying a pack against a full verify of the same store — medians');
  const r = await runPackBench();
  console.log(
    `  demo year, ${fmt(r.events)} events: cchc verify (the chain) ${r.verifyChainMs.toFixed(1)} ms (reference)`,
  );
  console.log(
    `  pack of one unit (${fmt(r.unitPackEvents)} events): verified in ${r.verifyUnitPackMs.toFixed(1)} ms = ${(r.verifyUnitPackMs / r.verifyChainMs).toFixed(2)}× the chain verify; built in ${r.buildUnitPackMs.toFixed(1)} ms`,
  );
  console.log(
    `  pack of the whole log: verified in ${r.verifyWholePackMs.toFixed(1)} ms = ${(r.verifyWholePackMs / r.verifyChainMs).toFixed(2)}× the chain verify; built in ${r.buildWholePackMs.toFixed(1)} ms`,
  );
  results.pack = r;
}

if (want('kafka')) {
  console.log('Kafka ingest: topic → validated → decided → durable store — medians');
  const r = await runKafkaBench();
  const met = r.endToEnd >= 20_000;
  console.log(
    `  ${'commands/s, worker start to last commit'.padEnd(44)} ${fmt(r.endToEnd).padStart(10)}   target ≥ 20,000  ${met ? 'met' : 'NOT met'}`,
  );
  console.log(`  ${'commands/s, steady (after the first batch)'.padEnd(44)} ${fmt(r.steady).padStart(10)}`);
  console.log(
    `  median batch (one store transaction): ${fmt(r.meanBatchSize)} commands; ${Math.round(r.appendShare * 100)}% of the wall time in the store's append`,
  );
  // Issue 18: against the store appending the same events alone, alternating run by run.
  const ref = r.reference;
  console.log(
    `  Reference, alternating run by run: the store alone, same events, same mean batch (${ref.eachRunBatchSize.map((b) => fmt(b)).join(' · ')}), ${ref.inFlight} in flight — median of per-run ratios`,
  );
  console.log(
    `  ${'ingest commands/s vs the store batch events/s'.padEnd(58)} ${`${ref.ratio.toFixed(2)}×`.padStart(8)}   target ≥ ${'0.6×'.padEnd(6)} ${ref.ratio >= 0.6 ? 'met' : 'NOT met'}   (store ${fmt(ref.eventsPerSecond)}/s; runs ${ref.eachRunRatio.map((x) => x.toFixed(2)).join(' · ')})`,
  );
  console.log(
    `  steady ingest (after the first batch) vs the same: ${ref.steadyRatio.toFixed(2)}× (runs ${ref.eachRunSteadyRatio.map((x) => x.toFixed(2)).join(' · ')})`,
  );
  results.kafka = r;
}

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nResults: ${file}`);
