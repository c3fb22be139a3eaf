import { describe, expect, it } from 'vitest';
import { AT, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { get, post } = useDemoApi();

describe('periodic reports', () => {
  it('report timeliness answers as of any instant', async () => {
    const reports = (await get('/v1/reports?unit=vp-so&asOf=2025-12-15T23:59:59%2B07:00')).json();
    expect(reports.items.map((r: { period: string }) => r.period)).toEqual(['Q1', 'H1', 'Q3', 'Y']);
    const early = (await get('/v1/reports?unit=vp-so&asOf=2025-05-01T00:00:00%2B07:00')).json();
    expect(early.items.map((r: { period: string }) => r.period)).toEqual(['Q1']);
  });

  it('a periodic report goes through the unit decider', async () => {
    const report = await post('/v1/reports', 'office', {
      unitId: 'phong-moi-truong',
      year: 2025,
      period: 'Y',
      at: AT,
      entry: LATE,
    });
    expect([201, 422]).toContain(report.statusCode);
  });
});
