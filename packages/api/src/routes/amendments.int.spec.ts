import { describe, expect, it } from 'vitest';
import { expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';

// Issue 13 §2: the plan amended mid-year by decisions, through the API, and what the ranking makes of it.
const { get, post } = useDemoApi();

const ADDED_AT = '2025-09-15T09:00:00+07:00';
const BACKFILL = { kind: 'backfill', reason: 'thử nghiệm: quyết định tháng 9', knownAt: ADDED_AT } as const;
const DECISION = { decisionRef: '321/QĐ-STNMT', decidedOn: '2025-09-10' };
const newTask = {
  taskId: 'VI.9',
  area: 'VI',
  title: 'Triển khai chữ ký số cho cán bộ, công chức',
  product: 'Chứng thư số được cấp',
  deadline: { kind: 'date', due: '2025-10-31', text: 'Tháng 10/2025' },
  lead: ['vp-so'],
  coordinators: ['tt-cntt-tnmt'],
};

type Ranking = { inputsHash: string; rows: { unitId: string; score: number | null }[] };
const scoreOf = (r: Ranking, unitId: string) => r.rows.find((x) => x.unitId === unitId)?.score;
const ranking = async (asOf: string) =>
  (await get(`/v1/rankings/2025?asOf=${encodeURIComponent(asOf)}`)).json() as Ranking;
const SEPTEMBER = '2025-09-01T23:59:59.999+07:00';
const YEAR_END = '2025-12-15T23:59:59.999+07:00';

describe('plan amendments through the API', () => {
  it('only the office adds a task; the decision and its date are required', async () => {
    expectProblem(await post('/v1/tasks', 'reporter', { ...newTask, ...DECISION, at: ADDED_AT, entry: BACKFILL }), 403);
    const undated = expectProblem(
      await post('/v1/tasks', 'office', {
        ...newTask,
        decisionRef: DECISION.decisionRef,
        at: ADDED_AT,
        entry: BACKFILL,
      }),
      422,
      'RULE_VIOLATION',
    );
    expect(undated.rule).toBe('DECISION_DATE_REQUIRED');
  });

  it('a task added in September changes the year-end ranking and not the one of 1 September; withdrawn, it counts no more', async () => {
    const [septBefore, yearEndBefore] = [await ranking(SEPTEMBER), await ranking(YEAR_END)];
    const added = await post('/v1/tasks', 'office', { ...newTask, ...DECISION, at: ADDED_AT, entry: BACKFILL });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().events[0]).toMatchObject({ type: 'TaskDefined' });

    const [septAfter, yearEndAfter] = [await ranking(SEPTEMBER), await ranking(YEAR_END)];
    expect(septAfter.rows).toEqual(septBefore.rows);
    // vp-so leads a task due 31/10 it never did: its year-end score falls.
    expect(scoreOf(yearEndAfter, 'vp-so')).toBeLessThan(scoreOf(yearEndBefore, 'vp-so')!);
    for (const row of yearEndAfter.rows.filter((r) => r.unitId !== 'vp-so'))
      expect(row.score, row.unitId).toBe(scoreOf(yearEndBefore, row.unitId));

    const task = (await get('/v1/tasks/VI.9')).json();
    expect(task).toMatchObject({ addedMidYear: true, title: newTask.title });

    const withdrawn = await post('/v1/tasks/VI.9/withdraw', 'office', {
      reason: 'không còn phù hợp',
      decisionRef: '400/QĐ-STNMT',
      decidedOn: '2025-11-01',
      at: '2025-11-03T09:00:00+07:00',
      entry: { ...BACKFILL, knownAt: '2025-11-03T09:00:00+07:00' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(scoreOf(await ranking(YEAR_END), 'vp-so')).toBe(scoreOf(yearEndBefore, 'vp-so'));
  });

  it('the plan’s history lists each amendment with its decision and its three times, as known at the instant asked', async () => {
    const plans = (await get('/v1/plans')).json() as { items: { planId: string }[] };
    const planId = plans.items[0]!.planId;
    const amended = await post('/v1/tasks/II.3/amend', 'office', {
      product: 'Hồ sơ được số hóa và kết quả giải quyết được lưu',
      ...DECISION,
      decidedOn: '2025-11-10',
      at: '2025-11-12T09:00:00+07:00',
      entry: { ...BACKFILL, knownAt: '2025-11-12T09:00:00+07:00' },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const history = (await get(`/v1/plans/${planId}/amendments`)).json();
    const kinds = history.items.map((a: { kind: string; taskId: string }) => `${a.kind} ${a.taskId}`);
    expect(kinds).toEqual(expect.arrayContaining(['task_added VI.9', 'task_withdrawn VI.9', 'task_amended II.3']));
    expect(history.items.find((a: { kind: string }) => a.kind === 'task_amended')).toMatchObject({
      decisionRef: DECISION.decisionRef,
      decidedOn: '2025-11-10',
      product: 'Hồ sơ được số hóa và kết quả giải quyết được lưu',
      previousProduct: expect.any(String),
      knownAt: '2025-11-12T02:00:00.000Z',
    });
    const september = (await get(`/v1/plans/${planId}/amendments?asOf=2025-09-30`)).json();
    expect(september.items.map((a: { kind: string; taskId: string }) => `${a.kind} ${a.taskId}`)).toEqual(
      expect.arrayContaining(['task_added VI.9']),
    );
    expect(september.items.some((a: { kind: string }) => a.kind === 'task_amended')).toBe(false);
    // The task board shows the product as amended.
    expect((await get('/v1/tasks/II.3')).json().product).toBe('Hồ sơ được số hóa và kết quả giải quyết được lưu');
  });
});
