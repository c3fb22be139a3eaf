import { criteriaSetOf, EXAMPLE_CRITERIA_SET, type IndexEvent, leavesOf } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../testing/history.ts';
import { indexLedger } from '../testing/index-ledger.ts';
import { ScoringBench } from '../testing/score-histories.ts';
import { computeDepartmentIndex } from './department-index.ts';
import { rankDepartments } from './index-ranking.ts';

/**
 * Three departments, each with its own plan (the same small ledger: derived criteria 7.5), every
 * manual criterion at its maximum (54): self 61.5; the survey decides. At 2 decimals a and b tie
 * (85.254 and 85.2549 both publish as 85.25) and c's 69.999 publishes as 70.00, band Khá.
 */
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const SURVEY: Readonly<Record<string, number>> = { a: 15.754, b: 15.7549, c: 0.499 };

function department(scope: string) {
  const h = indexLedger(scope);
  const subject = { departmentId: `so-${scope}`, year: 2025 };
  for (const l of leavesOf(set).filter((x) => x.method === 'manual')) {
    const e: IndexEvent = {
      type: 'CriterionSelfScored',
      data: {
        ...subject,
        criteriaSetId: set.id,
        criteriaSetVersion: set.version,
        criterionId: l.id,
        value: l.max,
        evidenceFiles: ['ab'.repeat(32)],
      },
    };
    h.dossier(e, at('2025-12-05'));
  }
  h.dossier({ type: 'IndexDossierSubmitted', data: { ...subject, late: false } }, at('2025-12-12'));
  h.dossier(
    {
      type: 'SurveyResultsEntered',
      data: {
        ...subject,
        results: [
          { criterionId: '8.1', value: SURVEY[scope]! },
          { criterionId: '8.2', value: 8 },
        ],
      },
    },
    at('2026-01-15'),
  );
  return h;
}

describe('ranking departments by their CCHC index', () => {
  let bench: ScoringBench;
  const histories = ['a', 'b', 'c'].map(department);
  beforeAll(async () => {
    bench = await ScoringBench.of(histories);
  });
  afterAll(async () => bench.close());

  it('ranks three departments with bands and ties at the published precision', async () => {
    const ranking = await rankDepartments(
      bench.engine.database,
      histories.map((h) => ({ departmentId: `so-${h.scope}`, planId: h.planId })),
      { year: 2025, asOf: at('2026-01-20') },
    );
    expect(ranking.rows.map((r) => [r.departmentId, r.rounded, r.band, r.rank])).toEqual([
      ['so-a', 85.25, 'Tốt', 1],
      ['so-b', 85.25, 'Tốt', 1],
      ['so-c', 70, 'Khá', 3],
    ]);
    expect(ranking.rows[0]!.final).toBeCloseTo(85.254, 9);
    expect(ranking.rows[1]!.final).toBeCloseTo(85.2549, 9);
    expect(ranking.rows[2]!.final).toBeCloseTo(69.999, 9);
    expect(ranking.rows.every((r) => Math.abs(r.self - 61.5) < 1e-9)).toBe(true);
    expect(ranking.criteriaSet).toEqual({ id: 'example-so-2025', version: 1, example: true });
    expect(ranking.inputsHash).toMatch(/^[0-9a-f]{64}$/u);
    // Each department's index reads its own plan and dossier only: a's inputs differ from b's.
    expect(new Set(ranking.rows.map((r) => r.inputsHash)).size).toBe(3);
    const again = await rankDepartments(
      bench.engine.database,
      histories.map((h) => ({ departmentId: `so-${h.scope}`, planId: h.planId })),
      { year: 2025, asOf: at('2026-01-20'), position: ranking.position },
    );
    expect(again.inputsHash).toBe(ranking.inputsHash);
  });

  it('with several plans in the year, a department without a named plan is refused, not guessed', async () => {
    await expect(computeDepartmentIndex(bench.engine.database, { departmentId: 'so-a', year: 2025 })).rejects.toThrow(
      /nhiều kế hoạch.*several plans/su,
    );
  });
});
