import { criteriaSetOf, EXAMPLE_CRITERIA_SET } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULEBOOK } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';
import { indexLedger } from '../testing/index-ledger.ts';
import { ScoringBench } from '../testing/score-histories.ts';
import { ensureCriteriaSet } from './criteria-tables.ts';

/**
 * Each derived criterion of the example set against a hand computation on a small ledger:
 * units u and v, five tasks, eight reports due, three indicators, two initiatives.
 */
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const ASOF = new Date('2026-01-10T12:00:00+07:00').toISOString();
const h = indexLedger();

type Row = {
  criterion_id: string;
  measured: number | null;
  numerator: number;
  denominator: number | null;
  points: number;
  event_ids: string[];
};

describe('derived criteria of the department index (example set)', () => {
  let bench: ScoringBench;
  let rows: Map<string, Row>;
  beforeAll(async () => {
    bench = await ScoringBench.of([h]);
    const db = bench.engine.database;
    const cs = await ensureCriteriaSet(db, set);
    const found = await db.rows<Row>(
      `SELECT criterion_id, measured, numerator, denominator, points, event_ids
       FROM cchc_index_derived($1::TIMESTAMPTZ, $2::BIGINT, $3, $4, $5)`,
      [ASOF, Number.MAX_SAFE_INTEGER, rulebookKey(DEFAULT_RULEBOOK), cs, h.planId],
    );
    rows = new Map(found.map((r) => [r.criterion_id, r]));
  });
  afterAll(async () => bench.close());

  const idOf = (type: string, pred: (data: Record<string, unknown>) => boolean) =>
    h.events
      .filter((e) => e.event.type === type && pred(e.event.data as Record<string, unknown>))
      .map((e) => e.event.eventId);

  it('1.1.2 plan completion: I.1 and II.1 done, I.2 (v not done) and III.1 not, II.2 ongoing left out: 2/4 = 0.5 → 1 point', () => {
    const r = rows.get('1.1.2')!;
    expect([Number(r.numerator), Number(r.denominator)]).toEqual([2, 4]);
    expect(r.measured).toBe(0.5);
    expect(r.points).toBe(1);
    // The completions behind it: I.1 (u) and II.1 (v); I.2's completion by u does not make the task done.
    const done = idOf('TaskCompleted', (d) => d.taskId === 'I.1' || d.taskId === 'II.1');
    expect([...r.event_ids].sort()).toEqual([...done].sort());
  });

  it('1.2 reports on time: u 4 of 4, v Q1 and Y (H1 late, Q3 missing): 6/8 = 0.75 → 1 point', () => {
    const r = rows.get('1.2')!;
    expect([Number(r.numerator), Number(r.denominator)]).toEqual([6, 8]);
    expect(r.points).toBe(1);
    expect(r.event_ids).toHaveLength(7);
  });

  it('7.1 indicator targets: IND-TT 75 > 70 met, IND-DD 90 < 100 not, IND-SH latest 60 ≥ 50 met: 2/3 → 2 points', () => {
    const r = rows.get('7.1')!;
    expect([Number(r.numerator), Number(r.denominator)]).toEqual([2, 3]);
    expect(r.measured).toBeCloseTo(2 / 3, 12);
    expect(r.points).toBe(2);
    const latest = idOf('IndicatorMeasured', (d) => d.value === 75 || d.value === 90 || d.value === 60);
    expect([...r.event_ids].sort()).toEqual([...latest].sort());
  });

  it('1.5 initiatives recognised in 2025: 2 (the one of 20/12/2024 is another year) → 3 points', () => {
    const r = rows.get('1.5')!;
    expect(Number(r.numerator)).toBe(2);
    expect(r.points).toBe(3);
    expect(r.event_ids).toHaveLength(2);
  });

  it('1.1.1 plan issued 20/01 against the deadline 15/01: 5 days late → 0.5 point', () => {
    const r = rows.get('1.1.1')!;
    expect(r.measured).toBe(5);
    expect(r.points).toBe(0.5);
    expect(r.event_ids).toEqual(idOf('PlanIssued', () => true));
  });

  it('as of 30 June the same ledger measures less: I.1 done by then, II.1 done, nothing else due yet: 2/2 → 4 points', async () => {
    const db = bench.engine.database;
    const mid = await db.rows<Row>(
      `SELECT criterion_id, measured, numerator, denominator, points, event_ids
       FROM cchc_index_derived($1::TIMESTAMPTZ, $2::BIGINT, $3, $4, $5) WHERE criterion_id = '1.1.2'`,
      [
        new Date('2025-06-30T23:59:59+07:00').toISOString(),
        Number.MAX_SAFE_INTEGER,
        rulebookKey(DEFAULT_RULEBOOK),
        `${set.id}@${set.version}`,
        h.planId,
      ],
    );
    expect([Number(mid[0]!.numerator), Number(mid[0]!.denominator)]).toEqual([2, 2]);
    expect(mid[0]!.points).toBe(4);
  });
});
