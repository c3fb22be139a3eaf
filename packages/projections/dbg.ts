import { DuckDbEventStore } from '@cchc/core';
import { ProjectionEngine } from './src/index.ts';
const store = await DuckDbEventStore.open({ path: process.argv[2]! });
const engine = await ProjectionEngine.open(store);
const db = engine.database;
const head = await store.headPosition();
let t = performance.now();
await engine.rebuild(head);
console.log('rebuild ms', (performance.now() - t).toFixed(0), 'rss MiB', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
const A = `TIMESTAMPTZ '2025-12-15 23:59:59.999+07', ${head}::BIGINT`;
for (const [name, sql] of [
  ['chains', `SELECT count(*) FROM cchc_chains(${A})`],
  ['population', `SELECT count(*) FROM cchc_population(${A})`],
  ['assignments', `SELECT count(*) FROM cchc_assignments(${A}, 'default-2025@1')`],
  ['reports', `SELECT count(*) FROM cchc_report_items(${A}, 'default-2025@1')`],
  ['ranking', `SELECT count(*) FROM cchc_ranking(${A}, 'default-2025@1')`],
] as const) {
  t = performance.now();
  const n = await db.value(sql);
  console.log(name, n, (performance.now() - t).toFixed(0), 'ms', 'rss MiB', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
}
engine.close(); await store.close();
