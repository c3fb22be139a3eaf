import { describe, expect, it } from 'vitest';
import { at, conditional, dated, History, ongoing } from '../testing/history.ts';
import { scoreBoth } from '../testing/score-histories.ts';

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

  it('R-REPORT-TIMELINESS, R-AS-KNOWN: a report counts when it was recorded, not when it claims to have been sent', async () => {
    const h = new History()
      .plan({ schedule: [{ period: 'Q1', due: '2025-03-10' }] })
      .unit('u')
      .unit('lead')
      .task('I.1', conditional, ['lead'], ['u'])
      // claims 5/3, recorded 20/3: 11,12,13,14,17,18,19,20/3 = 8 working days late: 2 blocks
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
