import { DuckDbEventStore } from '@cchc/core';
import { ProjectionEngine } from './src/index.ts';
const store = await DuckDbEventStore.open({ path: process.argv[2]! });
const engine = await ProjectionEngine.open(store);
const db = engine.database;
const head = await store.headPosition();
await engine.catchUp(head);
for (const asOf of ['2025-12-15 23:59:59.999+07', '2025-06-30 12:00:00+07', '2025-09-01 12:00:00+07']) {
  const t = performance.now();
  const rows = await db.rows(`SELECT * FROM cchc_ranking(TIMESTAMPTZ '${asOf}', ${head}::BIGINT, 'default-2025@1', p_plan := 'cchc-2025')`);
  console.log('one plan', asOf, rows.length, (performance.now() - t).toFixed(0), 'ms');
}
engine.close(); await store.close();
