/** A rebuild to be killed: opens the store, says `rebuilding`, rebuilds the read models, says `done`. */
import { openLedgerStore } from '@cchc/core';
import { ProjectionEngine } from '@cchc/projections';

const store = await openLedgerStore({ url: process.argv[2]! });
const engine = await ProjectionEngine.open(store);
const head = await store.headPosition();
console.log('rebuilding');
await engine.rebuild(head, () => undefined, Number(process.argv[3] ?? 500_000));
console.log('done');
engine.close();
await store.close();
