import { describe, expect, it } from 'vitest';
import { type PlanStreamSource, planYearsIn } from './plan-years.ts';

function fakeStore(streams: string[]) {
  const store = {
    head: 1,
    listings: 0,
    headPosition: async () => store.head,
    capabilities: {
      streamCatalogue: {
        streamIdsWithPrefix: async (prefix: string) => {
          store.listings += 1;
          return streams.filter((s) => s.startsWith(prefix));
        },
      },
    },
  };
  return store satisfies PlanStreamSource;
}

describe('planYearsIn', () => {
  it('lists the years of the plan streams, leaving out ids that are not plan-<year>', async () => {
    expect(await planYearsIn(fakeStore(['plan-2025', 'plan-2026', 'plan-draft', 'task-2025-I.1']))).toEqual([
      2025, 2026,
    ]);
    expect(await planYearsIn(fakeStore([]))).toEqual([]);
  });

  it('lists the streams again only when the log head has moved', async () => {
    const store = fakeStore(['plan-2025']);
    await planYearsIn(store);
    await planYearsIn(store);
    expect(store.listings).toBe(1);
    store.head = 2;
    await planYearsIn(store);
    expect(store.listings).toBe(2);
  });
});
