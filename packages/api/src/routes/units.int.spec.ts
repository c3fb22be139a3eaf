import { describe, expect, it } from 'vitest';
import { AT, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { get, post } = useDemoApi();

describe('units', () => {
  it('units with lineage; scorecard and explanation agree with the ranking', async () => {
    const units = (await get('/v1/units')).json().items as {
      unitId: string;
      active: boolean;
      changes: { change: string }[];
    }[];
    const merged = units.filter((u) => u.changes.some((c) => c.change === 'merged'));
    expect(merged.length).toBeGreaterThan(0);
    for (const u of merged) expect(u.active).toBe(false);

    const scorecard = (await get('/v1/units/vp-dkdd/scorecard')).json();
    const explanation = (await get('/v1/units/vp-dkdd/explanation')).json();
    const ranking = (await get('/v1/rankings/2025')).json();
    const row = ranking.rows.find((r: { unitId: string }) => r.unitId === 'vp-dkdd');
    expect(scorecard.score).toBe(row.score);
    expect(explanation.unit.score).toBe(row.score);
    expect((await get('/v1/units/khong-co')).statusCode).toBe(404);
  });

  it('establishing, renaming and criticising a unit go through the unit decider', async () => {
    const established = await post('/v1/units', 'office', {
      unitId: 'phong-moi',
      name: 'Phòng Mới',
      kind: 'phong',
      at: AT,
      entry: LATE,
    });
    expect(established.statusCode, established.body).toBe(201);
    const renamed = await post('/v1/units/phong-moi/rename', 'office', { name: 'Phòng Đổi Tên', at: AT, entry: LATE });
    expect(renamed.statusCode, renamed.body).toBe(201);
    const criticism = await post('/v1/units/phong-moi/criticism', 'office', {
      reason: 'Chậm báo cáo',
      at: AT,
      entry: LATE,
    });
    expect(criticism.statusCode, criticism.body).toBe(201);
    const unit = (await get('/v1/units/phong-moi')).json();
    expect(unit).toMatchObject({ name: 'Phòng Đổi Tên', establishedName: 'Phòng Mới', active: true });
  });
});
