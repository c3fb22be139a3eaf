import { closeSync, copyFileSync, openSync, statSync, truncateSync, writeSync } from 'node:fs';
import { DuckDbEventStore } from '@cchc/core';
import { ProjectionEngine } from '@cchc/projections';

const src = '/tmp/h17/demo/events.duckdb';
const size = statSync(src).size;
const cases: [string, (p: string) => void][] = [
  ['truncate half', (p) => truncateSync(p, Math.floor(size / 2))],
  ['truncate 100k', (p) => truncateSync(p, 100_000)],
  ['zero 0..4k', (p) => poke(p, 0, 4096)],
  ['zero 4k..12k', (p) => poke(p, 4096, 8192)],
  ['garbage 20k', (p) => poke(p, 20_000, 4096, 0x5a)],
  ['garbage mid', (p) => poke(p, Math.floor(size / 2), 4096, 0x5a)],
  ['garbage 3/4', (p) => poke(p, Math.floor(size * 0.75), 4096, 0x5a)],
  ['garbage 300k', (p) => poke(p, 300_000, 64, 0x5a)],
];
function poke(p: string, at: number, n: number, byte = 0) {
  const fd = openSync(p, 'r+');
  writeSync(fd, Buffer.alloc(n, byte), 0, n, at);
  closeSync(fd);
}
for (const [name, damage] of cases) {
  const p = `/tmp/h17/dmg-${name.replace(/\W/g, '_')}.duckdb`;
  copyFileSync(src, p);
  damage(p);
  let stage = 'open';
  try {
    const store = await DuckDbEventStore.open({ path: p });
    stage = 'readAll';
    await store.readAll({ limit: 100000 });
    stage = 'verify';
    const v = await store.verifyChain();
    stage = 'engine';
    const e = await ProjectionEngine.open(store);
    stage = 'rebuild';
    await e.rebuild(await store.headPosition());
    e.close();
    await store.close();
    console.log(name, '→ no error; chain ok', v.ok);
  } catch (error) {
    console.log(
      name,
      '→',
      stage,
      ':',
      String((error as Error).message)
        .slice(0, 200)
        .replace(/\n/g, ' '),
    );
  }
}
