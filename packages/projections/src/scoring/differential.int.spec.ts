import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHistory, historyRecipe, instant } from '../testing/history-arbitrary.ts';
import { compareScores, ScoringBench, scoreBoth } from '../testing/score-histories.ts';

/**
 * The SQL must equal the independent TypeScript reference to 1e-9 for every unit, at the year-end
 * cutoff and at random instants, over random histories (history-arbitrary.ts: backfills, live
 * entries recorded later than they happened, knowledge claims, reports with receipt dates).
 */
const YEAR_END = '2025-12-15T16:59:59.999Z';
const HISTORIES = Number(process.env.CCHC_DIFFERENTIAL_HISTORIES ?? 1000);

describe('SQL scoring = TypeScript reference', () => {
  it(`agrees on ${HISTORIES} random histories (one store), at the cutoff and at random instants`, async () => {
    const recipes = fc.sample(historyRecipe, { numRuns: HISTORIES, seed: 20251215 });
    const instants = [YEAR_END, ...fc.sample(instant, { numRuns: 6, seed: 7 })];
    const bench = await ScoringBench.of(recipes.map((recipe, i) => buildHistory(recipe, `h${i}`)));
    try {
      let units = 0;
      for (const asOf of instants) {
        const sql = await bench.sql(asOf);
        const ref = await bench.reference(asOf);
        const mismatch = compareScores(sql, ref);
        if (mismatch) {
          const scope = /cchc-2025-(h\d+)/.exec(mismatch)?.[1];
          const recipe = scope ? recipes[Number(scope.slice(1))] : undefined;
          expect.fail(`as of ${asOf}: ${mismatch}\nrecipe: ${JSON.stringify(recipe)}`);
        }
        units += sql.length;
        // One plan's ranking (the plan-scoped path) is exactly that plan's rows of the whole.
        for (const i of [0, 1, Math.floor(HISTORIES / 2), HISTORIES - 1]) {
          const planId = `cchc-2025-h${i}`;
          const whole = sql.filter((r) => r.planId === planId);
          expect(await bench.sql(asOf, undefined, undefined, planId), `${planId} as of ${asOf}`).toEqual(whole);
        }
        if (asOf === YEAR_END) {
          // The histories exercise what they should, or the test would prove little.
          expect(sql.filter((r) => r.score !== null).length).toBeGreaterThan(HISTORIES);
          expect(new Set(sql.map((r) => r.band)).size).toBeGreaterThanOrEqual(5);
          // Events counted only through a knowledge claim, live entries recorded later than they
          // happened, and reports dated by a receipt date other than the day they were known.
          const db = bench.engine.database;
          const count = (sql: string) => db.value<number>(sql, [asOf]);
          expect(
            await count(`SELECT count(*) FROM events e WHERE coalesce(known_at, recorded_at) > $1::TIMESTAMPTZ
                           AND occurred_at <= $1::TIMESTAMPTZ AND event_id IN (SELECT event_id FROM cchc_claims($1::TIMESTAMPTZ, 9223372036854775807::BIGINT))`),
          ).toBeGreaterThan(HISTORIES / 20);
          expect(
            await count(`SELECT count(*) FROM events WHERE known_at IS NULL AND recorded_at > occurred_at + INTERVAL 1 DAY
                           AND recorded_at <= $1::TIMESTAMPTZ`),
          ).toBeGreaterThan(HISTORIES / 20);
          expect(
            await count(`SELECT count(*) FROM rm_reports WHERE received_on IS NOT NULL
                           AND received_on <> cchc_local_date(known_at) AND known_at <= $1::TIMESTAMPTZ`),
          ).toBeGreaterThan(HISTORIES / 10);
        }
      }
      expect(units).toBeGreaterThan(HISTORIES * instants.length);
    } finally {
      await bench.close();
    }
  });

  it('agrees history by history, shrinking any disagreement to a minimal history', async () => {
    await fc.assert(
      fc.asyncProperty(historyRecipe, instant, async (recipe, asOf) => {
        // scoreBoth throws with the first difference when SQL and reference disagree.
        await scoreBoth(buildHistory(recipe, 's'), YEAR_END);
        await scoreBoth(buildHistory(recipe, 's'), asOf);
      }),
      { numRuns: Number(process.env.CCHC_DIFFERENTIAL_SHRINK_RUNS ?? 25), seed: 42 },
    );
  });
});
