import { describe, expect, it } from 'vitest';
import { AT, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { get, post } = useDemoApi();

describe('indicators', () => {
  it('indicators answer against their targets', async () => {
    const inds = (await get('/v1/indicators')).json();
    expect(inds.items.length).toBeGreaterThan(0);
  });

  it('a measured value goes through the plan decider', async () => {
    const inds = (await get('/v1/indicators')).json().items as { indicatorId: string }[];
    const indicator = await post(`/v1/indicators/${inds[0]!.indicatorId}/values`, 'office', {
      value: 55.5,
      period: 'Q4',
      at: AT,
      entry: LATE,
    });
    expect(indicator.statusCode, indicator.body).toBe(201);
  });
});
