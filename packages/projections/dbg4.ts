import { DuckDbEventStore } from '@cchc/core';
import { ProjectionEngine, FACT_TABLES } from './src/index.ts'; import { FILL_BATCH } from './src/read-models/fact-tables.ts';
const store = await DuckDbEventStore.open({ path: process.argv[2]! });
const engine = await ProjectionEngine.open(store);
const db = engine.database;
const head = await store.headPosition();
for (const t of FACT_TABLES) { await db.run(`DROP TABLE IF EXISTS ${t.name}`); await db.run(t.ddl); }
await db.run("BEGIN"); { const s = performance.now(); await db.run(FILL_BATCH, [1, head]); console.log("batch", (performance.now() - s).toFixed(1)); }
for (const t of FACT_TABLES) {
  const s = performance.now();
  await db.run(t.fill);
  console.log(t.name.padEnd(24), (performance.now() - s).toFixed(1), 'ms', await db.value(`SELECT count(*) FROM ${t.name}`));
}
const s = performance.now(); await db.run('COMMIT'); console.log('commit', (performance.now() - s).toFixed(1));
engine.close(); await store.close();
