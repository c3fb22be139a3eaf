import { describe, expect, it } from 'vitest';
import { useDemoApi } from '../testing/api-spec-kit.ts';

const { get } = useDemoApi();

describe('audit', () => {
  it('back-dated events are those recorded more than N days after they happened', async () => {
    const late = (await get('/v1/back-dated?days=7&limit=5')).json();
    expect(late.items.length).toBeGreaterThan(0);
    for (const e of late.items) expect(e.daysLate).toBeGreaterThan(7);
  });
});
