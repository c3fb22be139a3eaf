import { runContentionBench } from './contention-bench.ts';

console.log(JSON.stringify(await runContentionBench({ seconds: 10 }), null, 2));
