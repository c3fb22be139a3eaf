import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULEBOOK } from '../rulebook/rulebook.ts';
import { buildHistory, historyRecipe, instant } from '../testing/history-arbitrary.ts';
import { ScoringBench } from '../testing/score-histories.ts';
import { rankingsInContext } from './ranking-context.ts';
import { diagnoseRanking } from './ranking-diagnosis.ts';
import { inputsHash } from './ranking-service.ts';

/**
 * A ranking hands what it already computed to its inputs hash (the plan's population: its rows'
 * unit ids) and to its diagnosis (the population is not empty), instead of both computing the
 * population again. The hash is what publications are verified against, so the shortcut must give
 * exactly what the hash and the diagnosis compute on their own, at any instant and position.
 */
const YEAR_END = '2025-12-15T16:59:59.999Z';
const HISTORIES = 150;

describe('a ranking’s inputs hash and diagnosis, from its own rows = computed on their own', () => {
  it(`equal on ${HISTORIES} random histories, at the cutoff, at random instants and at earlier positions`, async () => {
    const recipes = fc.sample(historyRecipe, { numRuns: HISTORIES, seed: 1812 });
    const instants = [YEAR_END, ...fc.sample(instant, { numRuns: 4, seed: 18 })];
    const bench = await ScoringBench.of(recipes.map((recipe, i) => buildHistory(recipe, `h${i}`)));
    try {
      const db = bench.engine.database;
      const head = await bench.store.headPosition();
      let compared = 0;
      let withoutRows = 0;
      for (const asOf of instants) {
        for (const position of [head, Math.floor(head / 2), Math.floor(head / 5)]) {
          for (const i of [0, 1, 2, 3, 7, 42, Math.floor(HISTORIES / 2), HISTORIES - 1]) {
            const planId = `cchc-2025-h${i}`;
            const { rankings } = await rankingsInContext(db, {
              planId,
              requested: asOf,
              now: '2026-12-01T03:00:00.000Z',
              position,
              rulebook: DEFAULT_RULEBOOK,
            });
            for (const { ranking, diagnosis } of rankings) {
              const where = `${planId} as of ${asOf} at position ${position}`;
              const query = { planId, asOf: ranking.asOf, position: ranking.position };
              expect(ranking.inputsHash, where).toBe(await inputsHash(db, { ...query, rulebook: DEFAULT_RULEBOOK }));
              expect(diagnosis, where).toEqual(await diagnoseRanking(db, query));
              compared++;
              if (ranking.rows.length === 0) withoutRows++;
            }
          }
        }
      }
      // Enough pairs compared, some of them on a plan whose ranking is still empty (before its units).
      expect(compared).toBeGreaterThan(50);
      expect(withoutRows).toBeGreaterThan(0);
    } finally {
      await bench.close();
    }
  });
});
