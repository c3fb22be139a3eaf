import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULEBOOK } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';
import { buildHistory, historyRecipe, instant } from '../testing/history-arbitrary.ts';
import { storeOf } from '../testing/score-histories.ts';
import { FACT_TABLES } from './fact-tables.ts';
import { ProjectionEngine } from './projection-engine.ts';

/**
 * Issue 18 §1: the read models maintained incrementally, range after range at random cuts of a
 * history (an activity event's slot found among the slot events of earlier ranges and its own),
 * equal a rebuild from zero row for row, and so do the rankings read from them.
 */
const YEAR_END = '2025-12-15T16:59:59.999Z';

async function snapshot(engine: ProjectionEngine): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of FACT_TABLES) out[t.name] = await engine.database.rows(`SELECT * FROM ${t.name} ORDER BY ALL`);
  return out;
}

const ranking = (engine: ProjectionEngine, asOf: string) =>
  engine.database.rows(
    `SELECT plan_id, unit_id, score, band, rank FROM cchc_ranking($1::TIMESTAMPTZ, 9223372036854775807::BIGINT, $2)
     ORDER BY plan_id, unit_id`,
    [asOf, rulebookKey(DEFAULT_RULEBOOK)],
  );

describe('incremental read models = rebuild from zero', () => {
  it('over random cuts of random histories', async () => {
    const runs = Number(process.env.CCHC_INCREMENTAL_RUNS ?? 20);
    let ranges = 0;
    let mapped = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyRecipe, { minLength: 2, maxLength: 4 }),
        // Cut points in thousandths of the log, each caught up in ranges of its own size.
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 1000 }), chunk: fc.integer({ min: 2, max: 30 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        instant,
        async (recipes, cuts, asOf) => {
          const { store } = await storeOf(recipes.map((r, i) => buildHistory(r, `c${i}`)));
          const engine = await ProjectionEngine.open(store);
          try {
            const head = await store.headPosition();
            const points = [...cuts]
              .sort((a, b) => a.at - b.at)
              .map((c) => ({ to: Math.max(1, Math.round((c.at / 1000) * head)), chunk: c.chunk }));
            for (const { to, chunk } of [...points, { to: head, chunk: 25 }])
              await engine.catchUp(to, () => ranges++, chunk);
            expect(await engine.checkpoint()).toBe(head);
            const incremental = await snapshot(engine);
            const rankedIncrementally = [await ranking(engine, YEAR_END), await ranking(engine, asOf)];
            mapped += incremental.rm_activity!.filter((r) => (r as { slot_pos: unknown }).slot_pos !== null).length;

            await engine.rebuild(head);
            expect(incremental).toEqual(await snapshot(engine));
            expect(rankedIncrementally).toEqual([await ranking(engine, YEAR_END), await ranking(engine, asOf)]);
          } finally {
            engine.close();
            await store.close();
          }
        },
      ),
      { numRuns: runs, seed: 1812 },
    );
    // The property exercised what it should: many ranges, and activity mapped to slots.
    expect(ranges).toBeGreaterThan(3 * runs);
    expect(mapped).toBeGreaterThan(5 * runs);
  }, 600_000);
});
