import { describe, expect, it } from 'vitest';
import { AT, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { get, post } = useDemoApi();

describe('plans: assignments and progress', () => {
  it('assignments filter by area, unit, status and overdue, and page by log position without gaps or repeats', async () => {
    const all = (await get('/v1/plans/cchc-2025/tasks?limit=1000')).json();
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { taskId: string; unitId: string; role: string }[]; nextCursor: string | null } = (
        await get(`/v1/plans/cchc-2025/tasks?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((a) => `${a.taskId}/${a.unitId}/${a.role}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.items.length / 7));
    expect(seen).toEqual(
      all.items.map((a: { taskId: string; unitId: string; role: string }) => `${a.taskId}/${a.unitId}/${a.role}`),
    );
    expect(new Set(seen).size).toBe(seen.length);

    const filtered = (
      await get('/v1/plans/cchc-2025/tasks?area=II&unit=vp-dkdd&status=overdue&overdue=true&limit=1000')
    ).json();
    expect(filtered.items.length).toBeGreaterThan(0);
    for (const a of filtered.items)
      expect(a).toMatchObject({ area: 'II', unitId: 'vp-dkdd', statusCode: 'overdue', overdue: true });
    expect(filtered.items.length).toBe(
      all.items.filter(
        (a: Record<string, unknown>) =>
          a.area === 'II' && a.unitId === 'vp-dkdd' && a.statusCode === 'overdue' && a.overdue === true,
      ).length,
    );
  });

  it('pages of assignments come from the first page’s snapshot even when the log moves between pages', async () => {
    const asOf = encodeURIComponent('2025-12-15T23:59:59+07:00');
    const whole = (await get(`/v1/plans/cchc-2025/tasks?limit=1000&asOf=${asOf}`)).json();
    const walked: unknown[] = [];
    let page = (await get(`/v1/plans/cchc-2025/tasks?limit=40&asOf=${asOf}`)).json();
    walked.push(...page.items);
    // A reassignment between pages changes who holds an assignment, not the walk.
    expect(
      (
        await post('/v1/tasks/II.3/reassign', 'office', {
          unitId: 'tt-quan-trac-tnmt',
          toUnitId: 'vp-so',
          at: AT,
          entry: LATE,
        })
      ).statusCode,
    ).toBe(201);
    while (page.nextCursor) {
      page = (await get(`/v1/plans/cchc-2025/tasks?limit=40&asOf=${asOf}&cursor=${page.nextCursor}`)).json();
      walked.push(...page.items);
    }
    expect(walked).toEqual(whole.items);
  });

  it('progress by area answers as of any instant', async () => {
    const progress = (await get('/v1/progress?asOf=2025-12-15T23:59:59%2B07:00')).json();
    expect(progress.items.map((a: { area: string }) => a.area)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
  });
});
