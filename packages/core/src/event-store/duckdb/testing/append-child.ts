/**
 * Child process for the durability and locking tests: opens a store and appends, writing
 * "ack <n> <position>" to stdout (synchronously, unbuffered) after each append resolves.
 * argv: <path> <mode: serial|concurrent|hold> <count>
 */
import { writeSync } from 'node:fs';
import { v5 as uuidV5 } from 'uuid';
import { DuckDbEventStore } from '../duckdb-event-store.ts';

const [path, mode = 'serial', countText = '1000000'] = process.argv.slice(2);
const count = Number(countText);
const NS = '0b9d9a0e-1c55-4c0e-8b53-9f3b7e5a6c01';
const idFor = (n: number) => uuidV5(String(n), NS);
const say = (line: string) => writeSync(1, `${line}\n`);

const store = await DuckDbEventStore.open({ path: path! });
say(`ready ${process.pid}`);
const append = async (n: number, stream: string) => {
  const r = await store.appendToStream(stream, [
    {
      eventId: idFor(n),
      type: 'ProgressReported',
      data: { n },
      metadata: { actor: 'child', source: 'test' },
      occurredAt: '2025-05-01T00:00:00Z',
    },
  ]);
  say(`ack ${n} ${r.position}`);
};
if (mode === 'hold') {
  // Keep the process (and its lock) alive until killed.
  setInterval(() => undefined, 1_000);
  await new Promise(() => undefined);
} else if (mode === 'serial') {
  for (let n = 0; n < count; n++) await append(n, `s-${n % 7}`);
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, c) => {
      while (next < count) await append(next++, `c-${c}`);
    }),
  );
}
await store.close();
say('done');
