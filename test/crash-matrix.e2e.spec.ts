import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectAfterCrash, KILLS, SEED, seeded, spawnChild } from './support/crash-kit.ts';
import { simulateDemoYear } from './support/demo-year.ts';
import { repoRoot } from './support/run-cli.ts';
import { cli } from './support/run-cli-in-process.ts';

/**
 * Issue 17's crash matrix: SIGKILL at random moments of each kind of work; after each, a restart
 * finds every acknowledged write at its position, a valid chain, and read models equal to a
 * rebuild from zero. The suite runs the short form (CRASH_KILLS=2 a row, the rebuild row at least
 * 8); the long form is `CRASH_KILLS=25 npx vitest run test/crash-matrix.e2e.spec.ts`
 * (docs/operations.md). Moments come from CRASH_SEED (printed), so a failure can be replayed.
 */
const root = mkdtempSync(join(tmpdir(), 'cchc-crash-'));
let template = '';
const random = seeded(SEED);
const outcomes: string[] = [];
beforeAll(async () => {
  console.log(`crash matrix: CRASH_SEED=${SEED}, CRASH_KILLS=${KILLS}`);
  mkdirSync(join(root, 'template'), { recursive: true });
  const data = await simulateDemoYear(join(root, 'template'));
  // Read models projected once, so a rebuild has something to lose.
  expect((await cli(['project', 'rebuild', '--data', data])).code).toBe(0);
  template = join(data, 'events.duckdb');
}, 180_000);
afterAll(() => {
  console.log(`crash matrix outcomes (seed ${SEED}):\n${outcomes.join('\n')}`);
  rmSync(root, { recursive: true, force: true });
});

let cases = 0;
function freshCopy(): { dir: string; store: string } {
  const dir = join(root, `case-${++cases}`);
  mkdirSync(dir, { recursive: true });
  const store = join(dir, 'events.duckdb');
  copyFileSync(template, store);
  return { dir, store };
}

describe('crash matrix', () => {
  it('rebuild of the read models (issue 17, finding 3): never empty tables behind a full checkpoint', {
    timeout: 600_000,
  }, async () => {
    const kills = Math.max(8, KILLS);
    // How long a rebuild takes here, so that the kills are spread over all of it.
    const timing = freshCopy();
    const probe = spawnChild([resolve(repoRoot, 'test/support/rebuild-child.ts'), timing.store, '50']);
    await probe.waitFor(/rebuilding/);
    const started = performance.now();
    await probe.waitFor(/done/);
    const duration = performance.now() - started;
    await probe.exited;
    for (let i = 0; i < kills; i++) {
      const { store } = freshCopy();
      const child = spawnChild([resolve(repoRoot, 'test/support/rebuild-child.ts'), store, '50']);
      await child.waitFor(/rebuilding/);
      const delay = ((i + random()) / kills) * duration;
      await new Promise((r) => setTimeout(r, delay));
      const finished = child.output().includes('done');
      await child.kill();
      const after = await inspectAfterCrash(store);
      outcomes.push(
        `rebuild   kill ${i + 1} at ${delay.toFixed(0)} of ~${duration.toFixed(0)} ms${finished ? ' (after it finished)' : ''}: head ${after.head}, chain ${after.chainOk ? 'ok' : 'BROKEN'}, read models ${after.healthOk ? 'consistent' : 'INCONSISTENT'}, equal to a rebuild: ${after.readModelsEqualRebuild}`,
      );
      expect(after.chainOk).toBe(true);
      expect(after.healthOk, outcomes.at(-1)).toBe(true);
      expect(after.readModelsEqualRebuild, outcomes.at(-1)).toBe(true);
    }
  });
});
