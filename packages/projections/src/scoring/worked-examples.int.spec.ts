import { describe, expect, it } from 'vitest';
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_2026, parseRulebook, type Rulebook } from '../rulebook/rulebook.ts';
import { at, conditional, dated, History, ongoing } from '../testing/history.ts';
import { compareScores, ScoringBench, scoreBoth } from '../testing/score-histories.ts';
import { explainUnit } from './explain.ts';
import { resolveRankingInstant } from './ranking-instant.ts';
import { computeRankings } from './ranking-service.ts';

/**
 * Worked examples of the default-2025 rulebook, each computed by hand (the arithmetic is in the
 * comments) and checked against both the SQL and the TypeScript reference (scoreBoth throws when
 * those two disagree).
 */
const YEAR_END = '2025-12-15T16:59:59.999Z'; // 15/12/2025 23:59:59.999 local
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`).toISOString();
const noReports = { schedule: [] };
const score = (map: Map<string, { score: number | null }>, unit: string) => map.get(unit)?.score;

describe('worked examples of default-2025 v1', () => {
  it('R-COMPONENTS, R-AREA-WEIGHTS: DESIGN.md’s example: 80 × 0.8333 + 20 × 0.9375 + 3 = 88.42 → Tốt', async () => {
    const h = new History()
      .plan()
      .unit('u')
      .task('I.1', dated('2025-06-30'), ['u'])
      .task('II.1', ongoing, ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-20'))
      .act('ProgressReported', 'II.1', 'u', at('2025-02-10'))
      .act('ProgressReported', 'II.1', 'u', at('2025-05-10'))
      .act('ProgressReported', 'II.1', 'u', at('2025-08-10'))
      .report('u', 'Q1', at('2025-03-05'))
      .report('u', 'H1', at('2025-06-05'))
      .report('u', 'Q3', at('2025-09-05'))
      // due Wed 10/12; Thu 11 and Fri 12 are 2 working days late: one block, 0.75
      .report('u', 'Y', at('2025-12-12'))
      .initiative('u', 'province', at('2025-07-01'));
    const r = (await scoreBoth(h, YEAR_END)).get('u')!;
    // tasks (10×1 + 20×0.75)/30 = 0.8333…; reports 3.75/4 = 0.9375
    expect(r.tasksValue).toBeCloseTo(25 / 30, 12);
    expect(r.reportsValue).toBeCloseTo(0.9375, 12);
    expect(r.score).toBeCloseTo(80 * (25 / 30) + 20 * 0.9375 + 3, 9);
    expect(r.score).toBeCloseTo(88.4166667, 6);
    expect(r.band).toBe('Tốt');
    expect(r.rank).toBe(1);
  });

  it('R-QUALITY: each returned product costs a quarter of Q — returned twice, on time: (1 + 0.5 + 1)/3', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-06-30'), ['u'])
      .act('ProductSubmitted', 'I.1', 'u', at('2025-06-01'))
      .act('ProductReturned', 'I.1', 'u', at('2025-06-03'))
      .act('ProductSubmitted', 'I.1', 'u', at('2025-06-10'))
      .act('ProductReturned', 'I.1', 'u', at('2025-06-12'))
      .act('ProductSubmitted', 'I.1', 'u', at('2025-06-20'))
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-25'));
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo((100 * 2.5) / 3, 9);
  });

  it('R-TIMELINESS, R-BANDS: a quarter off per started 30 days late, floor 0', async () => {
    const h = new History()
      .plan(noReports)
      .unit('on-time')
      .unit('d30')
      .unit('d31')
      .unit('d107')
      .task('I.1', dated('2025-06-30'), ['on-time'])
      .task('I.2', dated('2025-06-30'), ['d30'])
      .task('I.3', dated('2025-06-30'), ['d31'])
      .task('I.4', dated('2025-06-30'), ['d107'])
      .act('TaskCompleted', 'I.1', 'on-time', at('2025-06-30', '23:30'))
      .act('TaskCompleted', 'I.2', 'd30', at('2025-07-30'))
      .act('TaskCompleted', 'I.3', 'd31', at('2025-07-31'))
      .act('TaskCompleted', 'I.4', 'd107', at('2025-10-15'));
    const r = await scoreBoth(h, YEAR_END);
    expect(score(r, 'on-time')).toBeCloseTo(100, 9);
    expect(score(r, 'd30')).toBeCloseTo((100 * (1 + 1 + 0.75)) / 3, 9); // 1 block
    expect(score(r, 'd31')).toBeCloseTo((100 * (1 + 1 + 0.5)) / 3, 9); // 2 blocks
    expect(score(r, 'd107')).toBeCloseTo((100 * (1 + 1 + 0)) / 3, 9); // 4 blocks → 0
    expect(r.get('d30')!.band).toBe('Xuất sắc'); // 91.67
    expect(r.get('d31')!.band).toBe('Khá'); // 83.33
    expect(r.get('d107')!.band).toBe('Trung bình'); // 66.67
  });

  it('R-TIMELINESS: an excused delay is not late', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-06-30'), ['u'])
      .act('DelayExcused', 'I.1', 'u', at('2025-07-01'))
      .act('TaskCompleted', 'I.1', 'u', at('2025-08-15'));
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo(100, 9);
  });

  it('R-COMPLETION, R-BANDS: an unfinished overdue lead assignment scores 0 and keeps 90 out of Xuất sắc (→ Tốt)', async () => {
    const h = new History().plan(noReports).unit('u').task('I.1', dated('2025-03-31'), ['u']);
    for (const id of ['II.1', 'III.1', 'IV.1', 'V.1', 'VI.1', 'VII.1']) {
      h.task(id, dated('2025-06-30'), ['u']).act('TaskCompleted', id, 'u', at('2025-06-01'));
    }
    const r = (await scoreBoth(h, YEAR_END)).get('u')!;
    // (10×0 + 20 + 10 + 15 + 10 + 20 + 15) / 100 = 0.9
    expect(r.score).toBeCloseTo(90, 9);
    expect(r.band).toBe('Tốt');
  });

  it('R-CONDITIONAL, R-COMPONENTS: a conditional task counts only once a deadline is set; with nothing scorable a unit is unranked', async () => {
    const h = new History()
      .plan(noReports)
      .unit('waiting')
      .unit('triggered')
      .unit('only-waiting')
      .task('VII.1', conditional, ['waiting'])
      .act('TaskCompleted', 'VII.1', 'waiting', at('2025-05-01'))
      .task('I.1', dated('2025-06-30'), ['waiting'])
      .task('VII.2', conditional, ['triggered'])
      .deadline('VII.2', '2025-05-31', at('2025-04-01'))
      .act('TaskCompleted', 'VII.2', 'triggered', at('2025-05-20'))
      .task('VII.3', conditional, ['only-waiting']);
    const r = await scoreBoth(h, YEAR_END);
    expect(score(r, 'waiting')).toBe(0); // VII.1 left out; I.1 due, not done: 0
    expect(score(r, 'triggered')).toBeCloseTo(100, 9);
    expect(r.get('only-waiting')).toMatchObject({ score: null, band: null, rank: null });
  });

  it('R-DUE-IN-FORCE: a deadline moved by decision before it passed is the new due date; moved after, the old one stands', async () => {
    const h = new History()
      .plan(noReports)
      .unit('before')
      .unit('after')
      .unit('twice')
      .task('I.1', dated('2025-04-30'), ['before'])
      .deadline('I.1', '2025-06-30', at('2025-04-20'))
      .act('TaskCompleted', 'I.1', 'before', at('2025-06-15'))
      .task('I.2', dated('2025-04-30'), ['after'])
      .deadline('I.2', '2025-06-30', at('2025-05-10'))
      .act('TaskCompleted', 'I.2', 'after', at('2025-06-15'))
      .task('VII.1', conditional, ['twice'])
      .deadline('VII.1', '2025-04-15', at('2025-03-01'))
      .deadline('VII.1', '2025-05-31', at('2025-04-10'))
      .act('TaskCompleted', 'VII.1', 'twice', at('2025-05-20'));
    const r = await scoreBoth(h, YEAR_END);
    expect(score(r, 'before')).toBeCloseTo(100, 9);
    expect(score(r, 'after')).toBeCloseTo((100 * 2.5) / 3, 9); // 46 days late: 2 blocks
    expect(score(r, 'twice')).toBeCloseTo(100, 9);
  });

  it('R-ONGOING, R-CUTOFF: an ongoing task scores the share of elapsed quarters with progress (Q4 elapsed at the year-end cutoff)', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('II.1', ongoing, ['u'])
      .act('ProgressReported', 'II.1', 'u', at('2025-02-10'))
      .act('ProgressReported', 'II.1', 'u', at('2025-08-10'));
    expect(score(await scoreBoth(h, endOf('2025-06-30')), 'u')).toBeCloseTo(50, 9); // 1 of 2
    expect(score(await scoreBoth(h, endOf('2025-09-30')), 'u')).toBeCloseTo((100 * 2) / 3, 9); // 2 of 3
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo(50, 9); // 2 of 4
    expect(score(await scoreBoth(h, at('2025-03-15')), 'u')).toBeNull(); // no quarter elapsed yet
  });

  it('R-CANCELLED: cancelled assignments and cancelled tasks are left out', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-03-31'), ['u'])
      .cancel('I.1', at('2025-03-01'), 'u')
      .task('VI.1', dated('2025-03-31'), ['u'])
      .cancel('VI.1', at('2025-03-02'))
      .task('II.1', dated('2025-03-31'), ['u'])
      .act('TaskCompleted', 'II.1', 'u', at('2025-03-20'));
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo(100, 9);
  });

  it('R-SCORABLE: early completion scores in full before the due date; an undone task not yet due is not scorable', async () => {
    const h = new History()
      .plan(noReports)
      .unit('early')
      .unit('not-yet')
      .task('I.1', dated('2025-06-30'), ['early'])
      .act('TaskCompleted', 'I.1', 'early', at('2025-04-15'))
      .task('I.2', dated('2025-06-30'), ['not-yet']);
    const r = await scoreBoth(h, at('2025-05-01'));
    expect(score(r, 'early')).toBeCloseTo(100, 9);
    expect(score(r, 'not-yet')).toBeNull();
  });

  it('R-CUTOFF, R-SCORABLE: at the year-end cutoff every task due in the year counts, but one due 31/12 is not yet overdue', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-06-30'), ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-01'))
      .task('I.2', dated('2025-12-31'), ['u']);
    const r = (await scoreBoth(h, YEAR_END)).get('u')!;
    expect(r.score).toBeCloseTo(50, 9); // area I: (1 + 0)/2
    expect(r.band).toBe('Trung bình');
    // The day before the cutoff the 31/12 task is not due yet: only I.1 counts.
    expect(score(await scoreBoth(h, endOf('2025-12-14')), 'u')).toBeCloseTo(100, 9);
  });

  it('R-REPORT-TIMELINESS, R-REPORT-MISSING: on time, late by started blocks of 5 working days (holidays excluded), missing (0 and −1), weekend after the due date', async () => {
    const schedule = [
      { period: 'Q1' as const, due: '2025-03-10' },
      { period: 'H1' as const, due: '2025-06-10' },
      { period: 'Q3' as const, due: '2025-09-10' },
      { period: 'Y' as const, due: '2025-04-25' },
    ];
    const h = new History()
      .plan({ schedule })
      .unit('u')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['u'])
      .report('u', 'Q1', at('2025-03-10', '23:00')) // on the due date: on time
      .report('u', 'H1', at('2025-06-18')) // 11,12,13,16,17,18/6: 6 working days: 2 blocks, 0.5
      // Q3 missing: 0 and −1
      .report('u', 'Y', at('2025-05-06')); // 28,29/4, (30/4, 1/5, 2/5 holidays), 5,6/5: 4 working days, 0.75
    const r = (await scoreBoth(h, YEAR_END)).get('u')!;
    expect(r.reportsValue).toBeCloseTo((1 + 0.5 + 0 + 0.75) / 4, 12);
    expect(r.tasksValue).toBeNull(); // a coordinator only: reports carry the whole 100
    expect(r.score).toBeCloseTo(56.25 - 1, 9);

    const weekend = new History('w')
      .plan({ schedule: [{ period: 'Q1', due: '2025-03-07' }] })
      .unit('u')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['u'])
      .report('u', 'Q1', at('2025-03-08')); // Saturday after a Friday due date: 0 working days late
    expect(score(await scoreBoth(weekend, YEAR_END), weekend.unitId('u'))).toBeCloseTo(100, 9);
  });

  it('R-REPORT-TIMELINESS, R-AS-KNOWN: a report is dated by when the office knew it, not when it claims to have been sent', async () => {
    const h = new History()
      .plan({ schedule: [{ period: 'Q1', due: '2025-03-10' }] })
      .unit('u')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['u'])
      // claims 5/3, known 20/3: 11,12,13,14,17,18,19,20/3 = 8 working days late: 2 blocks
      .report('u', 'Q1', at('2025-03-05'), { knownAt: at('2025-03-20') });
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo(50, 9);
  });

  it('R-AREA-WEIGHTS: areas are weighted, areas without a scorable assignment dropped: (10×1 + 20×0)/30', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-03-31'), ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-03-01'))
      .task('VI.1', dated('2025-03-31'), ['u']);
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo(100 / 3, 9);
  });

  it('R-BONUS-CAP, R-CRITICISM, R-SCORE-FLOOR: +2 department, +3 province, at most +5; −2 per criticism; never below 0', async () => {
    const h = new History().plan(noReports).unit('capped').unit('dept').unit('criticised').unit('floored');
    for (const [i, unit] of ['capped', 'dept', 'criticised'].entries()) {
      h.task(`I.${i + 1}`, dated('2025-03-31'), [unit]).act('TaskCompleted', `I.${i + 1}`, unit, at('2025-03-01'));
    }
    h.initiative('capped', 'province', at('2025-05-01')).initiative('capped', 'province', at('2025-06-01'));
    h.initiative('dept', 'department', at('2025-05-01'));
    h.criticism('criticised', at('2025-05-01'));
    h.task('II.1', dated('2025-03-31'), ['floored']).criticism('floored', at('2025-05-01'));
    const r = await scoreBoth(h, YEAR_END);
    expect(score(r, 'capped')).toBeCloseTo(105, 9);
    expect(score(r, 'dept')).toBeCloseTo(102, 9);
    expect(score(r, 'criticised')).toBeCloseTo(98, 9);
    expect(score(r, 'floored')).toBe(0);
    expect(r.get('criticised')!.band).toBe('Xuất sắc');
  });

  it('R-SANCTION-CAP: a disciplinary sanction puts the unit in Yếu whatever its score', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-03-31'), ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-03-01'))
      .sanction('u', 'khien_trach', at('2025-08-01'));
    const r = (await scoreBoth(h, YEAR_END)).get('u')!;
    expect(r.score).toBeCloseTo(100, 9);
    expect(r.band).toBe('Yếu');
  });

  it('R-BANDS, R-RANK-TIES: bands at their thresholds, and equal scores share a rank (1, 2, 2, 4)', async () => {
    const h = new History().plan(noReports);
    const progress = (unit: string, taskId: string, quarters: number) => {
      h.unit(unit).task(taskId, ongoing, [unit]);
      for (let q = 0; q < quarters; q++)
        h.act('ProgressReported', taskId, unit, at(`2025-${String(q * 3 + 2).padStart(2, '0')}-10`));
    };
    progress('full', 'I.1', 4); // 100
    progress('three-a', 'I.2', 3); // 75
    progress('three-b', 'I.3', 3); // 75
    progress('half', 'I.4', 2); // 50: Trung bình exactly at its threshold
    progress('seventy-one', 'I.5', 3);
    h.criticism('seventy-one', at('2025-04-01')).criticism('seventy-one', at('2025-04-02')); // 71: Khá
    progress('forty-eight', 'I.6', 2);
    h.criticism('forty-eight', at('2025-04-01')); // 48: Yếu
    const r = await scoreBoth(h, YEAR_END);
    expect([r.get('full')!.rank, r.get('three-a')!.rank, r.get('three-b')!.rank, r.get('seventy-one')!.rank]).toEqual([
      1, 2, 2, 4,
    ]);
    expect(r.get('three-a')!.band).toBe('Khá');
    expect(r.get('seventy-one')!.band).toBe('Khá');
    expect(r.get('half')!.band).toBe('Trung bình');
    expect(r.get('forty-eight')!.band).toBe('Yếu');
  });

  it('R-REORGANISATION, R-POPULATION: a merger: the successor inherits the merged unit’s assignments (with their history) and reports; the merged unit leaves the ranking', async () => {
    const h = new History()
      .plan()
      .unit('a')
      .unit('b')
      .task('I.1', dated('2025-09-30'), ['a'])
      .task('II.1', ongoing, ['b'])
      .act('ProgressReported', 'II.1', 'b', at('2025-02-10'))
      .act('ProgressReported', 'II.1', 'b', at('2025-05-10'))
      .act('ProgressReported', 'II.1', 'b', at('2025-08-10'))
      .act('ProgressReported', 'II.1', 'b', at('2025-11-10'))
      .report('a', 'Q1', at('2025-03-05'))
      .act('ProductSubmitted', 'I.1', 'a', at('2025-06-15'))
      .act('ProductReturned', 'I.1', 'a', at('2025-06-20'))
      .report('b', 'H1', at('2025-06-05'))
      .reassign('I.1', 'a', 'b', 'lead', at('2025-07-01', '08:00'))
      .merge('a', 'b', at('2025-07-01', '08:00'))
      .act('ProductSubmitted', 'I.1', 'b', at('2025-07-10'))
      .act('TaskCompleted', 'I.1', 'b', at('2025-07-15'))
      .report('b', 'Q3', at('2025-09-05'))
      .report('b', 'Y', at('2025-12-05'));
    const end = await scoreBoth(h, YEAR_END);
    expect(end.has('a')).toBe(false);
    const b = end.get('b')!;
    // I.1 (area I): returned once before the merger, completed on time by b: (1 + 0.75 + 1)/3; II.1: 4/4
    expect(b.tasksValue).toBeCloseTo((10 * (2.75 / 3) + 20 * 1) / 30, 12);
    expect(b.reportsValue).toBeCloseTo(1, 12); // a's Q1 counts for b
    // Before the merger both are ranked, and b's own Q1 is missing.
    const june = await scoreBoth(h, endOf('2025-06-30'));
    expect(june.get('a')).toBeDefined();
    expect(june.get('b')!.reportsValue).toBeCloseTo(0.5, 12);
  });

  it('R-AS-KNOWN: an event recorded after T does not count at T, even if it happened before', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-03-31'), ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-03-20'), { knownAt: at('2025-04-10') });
    expect(score(await scoreBoth(h, endOf('2025-04-01')), 'u')).toBe(0); // overdue, not known done
    expect(score(await scoreBoth(h, endOf('2025-04-11')), 'u')).toBeCloseTo(100, 9); // done on 20/3, on time
  });

  it('R-COMPLETION: a reopened assignment is not completed until completed again, and the last completion date counts', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .task('I.1', dated('2025-06-30'), ['u'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-01'))
      .act('TaskReopened', 'I.1', 'u', at('2025-06-10'))
      .act('TaskCompleted', 'I.1', 'u', at('2025-08-15')); // 46 days late: 2 blocks
    expect(score(await scoreBoth(h, endOf('2025-06-20')), 'u')).toBeNull(); // reopened, not due yet
    expect(score(await scoreBoth(h, YEAR_END), 'u')).toBeCloseTo((100 * 2.5) / 3, 9);
  });

  it('R-LEAD-ONLY: a coordinating assignment is neither scored nor counted as overdue', async () => {
    const h = new History()
      .plan(noReports)
      .unit('u')
      .unit('v')
      .task('I.1', dated('2025-03-31'), ['u'], ['v'])
      .act('TaskCompleted', 'I.1', 'u', at('2025-03-01'))
      .task('II.1', dated('2025-03-31'), ['v'], ['u']);
    const r = await scoreBoth(h, YEAR_END);
    // u: I.1 done on time; II.1 (overdue, coordinated) neither scores nor keeps u out of Xuất sắc.
    expect(r.get('u')).toMatchObject({ score: 100, band: 'Xuất sắc', rank: 1 });
    // v: II.1 led, overdue: 0; I.1 coordinated, not scored.
    expect(r.get('v')).toMatchObject({ score: 0, band: 'Yếu', rank: 2 });
  });
});

/** Scores a history by SQL and by the reference (they must agree), then hands the bench to `more`. */
async function withBench<T>(h: History, asOf: string, rulebook: Rulebook, more: (bench: ScoringBench) => Promise<T>) {
  const bench = await ScoringBench.of([h], rulebook);
  try {
    const sql = await bench.sql(asOf, rulebook);
    const mismatch = compareScores(sql, await bench.reference(asOf, rulebook));
    if (mismatch) throw new Error(`SQL and reference disagree: ${mismatch}`);
    return await more(bench);
  } finally {
    await bench.close();
  }
}

describe('worked examples of the rules of issue 12', () => {
  it('R-REPORT-RECEIPT: a report is dated by the office’s receipt date when it gave one, else by the day the office knew it (its own time or a knowledge claim)', async () => {
    const typedIn = at('2025-03-20', '10:00'); // all three typed in live on Thu 20/3
    const h = new History()
      .plan({ schedule: [{ period: 'Q1', due: '2025-03-10' }] })
      .unit('paper')
      .unit('typed')
      .unit('claimed')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['paper', 'typed', 'claimed'])
      // Received 10/3 by the incoming register: on time, whenever it was typed in.
      .report('paper', 'Q1', at('2025-03-09'), { live: typedIn, receivedOn: '2025-03-10', incomingRef: '123/CV-Đ' })
      // No receipt date: dated 20/3, when the office knew it: 8 working days late, 2 blocks, 0.5.
      .report('typed', 'Q1', at('2025-03-09'), { live: typedIn })
      // Typed in late, then claimed known on 10/3 (a KnowledgeClaimed): on time.
      .report('claimed', 'Q1', at('2025-03-09'), { live: typedIn });
    h.claim([h.lastEventId], at('2025-03-10', '16:00'), 'sổ công văn đến / incoming register');
    const r = await withBench(h, YEAR_END, DEFAULT_RULEBOOK, async (bench) => {
      const scored = new Map((await bench.sql(YEAR_END)).map((u) => [u.unitId, u]));
      const explained = await explainUnit(bench.engine.database, { unitId: 'paper', rulebook: DEFAULT_RULEBOOK });
      const typed = await explainUnit(bench.engine.database, { unitId: 'typed', rulebook: DEFAULT_RULEBOOK });
      const claimed = await explainUnit(bench.engine.database, { unitId: 'claimed', rulebook: DEFAULT_RULEBOOK });
      return { scored, reports: [explained.reports[0], typed.reports[0], claimed.reports[0]] };
    });
    expect(r.scored.get('paper')!.score).toBeCloseTo(100, 9);
    expect(r.scored.get('typed')!.score).toBeCloseTo(50, 9);
    expect(r.scored.get('claimed')!.score).toBeCloseTo(100, 9);
    expect(r.reports).toMatchObject([
      {
        submittedOn: '2025-03-10',
        datedBy: 'received_on',
        receivedOn: '2025-03-10',
        incomingRef: '123/CV-Đ',
        value: 1,
      },
      {
        submittedOn: '2025-03-20',
        datedBy: 'known_at',
        receivedOn: null,
        knownAt: typedIn,
        workingDaysLate: 8,
        value: 0.5,
      },
      { submittedOn: '2025-03-10', datedBy: 'known_at', knownAt: at('2025-03-10', '16:00'), value: 1 },
    ]);
    // Before 20/3 nothing of them was known, except the claimed one (known from 10/3): two reports missing.
    const before = await scoreBoth(h, endOf('2025-03-19'));
    expect(before.get('paper')!.score).toBe(0);
    expect(before.get('claimed')!.score).toBeCloseTo(100, 9);
  });

  it('R-REPORT-TIMELINESS: working days follow the plan year’s calendar: Tết 2026 and the working Saturday 22/8/2026 (default-2026)', async () => {
    const h = new History('c26', 2026)
      .plan({
        schedule: [
          { period: 'Q1', due: '2026-02-13' }, // Fri before Tết
          { period: 'H1', due: '2026-08-21' }, // Fri before the working Saturday
        ],
      })
      .unit('u')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['u'])
      // Tue 24/2: 16–20/2 are Tết, so 23 and 24/2: 2 working days, 1 block: 0.75 (without Tết, 7 days: 0.5)
      .report('u', 'Q1', at('2026-02-24'))
      // Fri 28/8: Sat 22 (làm bù), 24–28: 6 working days, 2 blocks: 0.5 (without the working Saturday, 5: 0.75)
      .report('u', 'H1', at('2026-08-28'));
    const cutoff = '2026-12-15T16:59:59.999Z';
    const r = (await scoreBoth(h, cutoff, DEFAULT_RULEBOOK_2026)).get(h.unitId('u'))!;
    expect(r.reportsValue).toBeCloseTo((0.75 + 0.5) / 2, 12);
  });

  it('R-RANK-TIES, R-BANDS: scores equal at the published precision (2 decimals) share a rank: 86.1728 and 86.1667 are both 86.17 (ranks 1, 2, 2); at 9 decimals they are 2 and 3', async () => {
    const h = new History().plan({ schedule: [{ period: 'Q1', due: '2025-03-10' }] });
    const done = (unit: string, taskId: string, on: string, returns = 0) => {
      h.task(taskId, dated('2025-06-30'), [unit]);
      for (let i = 0; i < returns; i++) {
        h.act('ProductSubmitted', taskId, unit, at(`2025-06-0${i + 1}`, '08:00'));
        h.act('ProductReturned', taskId, unit, at(`2025-06-0${i + 1}`, '16:00'));
      }
      h.act('TaskCompleted', taskId, unit, at(on));
    };
    h.unit('a').unit('b').unit('c');
    for (const unit of ['a', 'b', 'c']) h.report(unit, 'Q1', at('2025-03-05'));
    // a: I (1/3: returned 4 times, 107 days late), II (5/6: 46 days late; 1; 1), IV (1), reports 1:
    // 80 × (10/3 + 20 × 17/18 + 15)/45 + 20 = 86.17284
    done('a', 'I.1', '2025-10-15', 4);
    done('a', 'II.1', '2025-08-15');
    done('a', 'II.2', '2025-06-20');
    done('a', 'II.3', '2025-06-20');
    done('a', 'IV.1', '2025-06-20');
    // b: I ongoing (1 of 4 quarters), II (1), III (11/12: 10 days late; 1), reports 1, a department initiative:
    // 80 × (10 × 0.25 + 20 + 10 × 23/24)/40 + 20 + 2 = 86.16667
    h.task('I.2', ongoing, ['b']).act('ProgressReported', 'I.2', 'b', at('2025-02-10'));
    done('b', 'II.4', '2025-06-20');
    done('b', 'III.1', '2025-07-10');
    done('b', 'III.2', '2025-06-20');
    h.initiative('b', 'department', at('2025-05-01'));
    done('c', 'V.1', '2025-06-20'); // 100
    const r = await withBench(h, YEAR_END, DEFAULT_RULEBOOK, async (bench) => {
      const [ranking] = await computeRankings(bench.engine.database, { rulebook: DEFAULT_RULEBOOK });
      return ranking!;
    });
    const row = (unit: string) => r.rows.find((x) => x.unitId === unit)!;
    expect(row('a').score).toBeCloseTo(86.1728395, 6);
    expect(row('b').score).toBeCloseTo(86.1666667, 6);
    expect(r.rows.map((x) => [x.unitId, x.rank, x.band])).toEqual([
      ['c', 1, 'Xuất sắc'],
      ['a', 2, 'Tốt'],
      ['b', 2, 'Tốt'], // within the tie, listed by unit id
    ]);
    expect(r.ties).toEqual({ precision: 2, rule: 'equal_rounded_scores_share_rank', listedWithinTieBy: 'unit_id' });
    // A rulebook deciding at 9 decimals, with a band from 86.17: b (86.166…67) is below it, a reaches it.
    const fine = parseRulebook({
      ...DEFAULT_RULEBOOK,
      id: 'ties-at-9',
      rankPrecision: 9,
      bands: [
        { name: 'Xuất sắc', min: 90, requiresNoOverdue: true },
        { name: 'Tốt', min: 86.17 },
        { name: 'Khá', min: 70 },
        { name: 'Yếu', min: null },
      ],
    });
    const at9 = await scoreBoth(h, YEAR_END, fine);
    expect([at9.get('c')!.rank, at9.get('a')!.rank, at9.get('b')!.rank]).toEqual([1, 2, 3]);
    expect([at9.get('a')!.band, at9.get('b')!.band]).toEqual(['Tốt', 'Khá']);
    // At 2 decimals the same band from 86.17 takes both.
    const at2 = await scoreBoth(h, YEAR_END, parseRulebook({ ...fine, id: 'ties-at-2', rankPrecision: 2 }));
    expect([at2.get('a')!.band, at2.get('b')!.band]).toEqual(['Tốt', 'Tốt']);
  });

  it('R-CUTOFF, R-SCORABLE, R-REPORT-MISSING: ranked on 1/12 of a year still under way, nothing not yet due is deducted (the annual report due 10/12, a task due 31/12); at the cutoff both are', async () => {
    const live = (date: string) => ({ live: at(date, '10:00') });
    const h = new History('y26', 2026)
      .plan({
        at: at('2026-01-05'),
        ...live('2026-01-05'),
        schedule: [
          { period: 'Q1', due: '2026-03-10' },
          { period: 'H1', due: '2026-06-10' },
          { period: 'Q3', due: '2026-09-10' },
          { period: 'Y', due: '2026-12-10' },
        ],
      })
      .unit('u', { at: at('2026-01-05'), ...live('2026-01-05') })
      .task('I.1', dated('2026-12-31'), ['u'], [], { at: at('2026-01-05'), ...live('2026-01-05') })
      .task('II.1', dated('2026-06-30'), ['u'], [], { at: at('2026-01-05'), ...live('2026-01-05') })
      .report('u', 'Q1', at('2026-03-09'), live('2026-03-09'))
      .report('u', 'H1', at('2026-06-09'), live('2026-06-09'))
      .act('TaskCompleted', 'II.1', 'u', at('2026-06-25'), live('2026-06-25'))
      .report('u', 'Q3', at('2026-09-09'), live('2026-09-09'));
    const now = at('2026-12-01');
    const instant = resolveRankingInstant({ rulebook: DEFAULT_RULEBOOK_2026, year: 2026, now });
    expect(instant).toEqual({ asOf: now, cutoff: '2026-12-15T16:59:59.999Z', provisional: true, clampedToNow: false });
    const [ranking] = await withBench(h, instant.asOf, DEFAULT_RULEBOOK_2026, (bench) =>
      computeRankings(bench.engine.database, { now }),
    );
    // The default for 2026 is default-2026, at the earlier of the cutoff and now.
    expect(ranking).toMatchObject({ rulebook: { id: 'default-2026', version: 1 }, asOf: now, provisional: true });
    // Tasks: II.1 on time (I.1 due 31/12 not scored yet); reports Q1, H1, Q3 on time (Y not due): 100.
    expect(ranking!.rows[0]).toMatchObject({ score: 100, reportsDue: 3, reportsMissing: 0, band: 'Xuất sắc' });
    // At the cutoff (once it has passed): I.1 is due in the year (0), the annual report is missing (0, −1):
    // 80 × (10 × 0 + 20 × 1)/30 + 20 × 3/4 − 1 = 67.33
    const final = (await scoreBoth(h, instant.cutoff, DEFAULT_RULEBOOK_2026)).get(h.unitId('u'))!;
    expect(final.score).toBeCloseTo((80 * 20) / 30 + 15 - 1, 9);
    // Asking for the cutoff on 1/12 is clamped to now, and says so.
    expect(
      resolveRankingInstant({ rulebook: DEFAULT_RULEBOOK_2026, year: 2026, requested: '2026-12-15', now }),
    ).toEqual({ ...instant, requested: instant.cutoff, clampedToNow: true });
  });

  it('R-AS-KNOWN: a plan applied live after its year counts once a knowledge claim says when the office had it', async () => {
    const today = { live: at('2026-11-30') };
    const h = new History()
      .plan({ ...today, schedule: [{ period: 'Q1', due: '2025-03-10' }] })
      .unit('u', today)
      .task('I.1', dated('2025-06-30'), ['u'], [], today);
    const applied = h.events.map((e) => e.event.eventId!);
    // History entered properly afterwards, as backfills of when the office knew it.
    h.report('u', 'Q1', at('2025-03-05')).act('TaskCompleted', 'I.1', 'u', at('2025-06-20'));
    // Live, the plan is known only on 30/11/2026: nothing counts at the 2025 cutoff.
    expect((await scoreBoth(h, YEAR_END)).size).toBe(0);
    h.claim(applied, at('2025-01-02', '10:00'), 'kế hoạch áp dụng muộn / plan applied late');
    expect((await scoreBoth(h, YEAR_END)).get('u')).toMatchObject({ score: 100, rank: 1 });
  });
});
