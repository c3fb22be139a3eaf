import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useDemoApi } from '../testing/api-spec-kit.ts';
import { HEAVY_READ_ROUTES } from './read-lanes.ts';

const routes: string[] = [];
const { demo, get } = useDemoApi({ onRoute: (route: RouteOptions) => void routes.push(route.url) });

/** Issue 17, finding 5: one slow reader must not stall every reader. */
describe('read lanes', () => {
  it('a cheap read is answered while every connection of the rankings is busy', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const busy = [1, 2, 3].map(() => demo().services.readModels.read(() => gate, 'heavy'));
    try {
      const answered = await Promise.race([
        get('/v1/plans?fresh=1').then((r) => r.statusCode),
        new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000)),
      ]);
      expect(answered).toBe(200);
    } finally {
      open();
      await Promise.all(busy);
    }
  });

  it('rankings at several instants at once are each right (reads side by side, each on its own snapshot)', async () => {
    const asOf = ['2025-03-31T23:59:59+07:00', '2025-06-30T23:59:59+07:00', '2025-09-30T23:59:59+07:00'];
    const one = await Promise.all(asOf.map((t) => get(`/v1/rankings/2025?asOf=${encodeURIComponent(t)}`)));
    const together = await Promise.all(
      [...asOf, ...asOf].map((t) => get(`/v1/rankings/2025?asOf=${encodeURIComponent(t)}&rulebook=default-2025@1`)),
    );
    for (const [i, res] of together.entries()) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().inputsHash).toBe(one[i % 3]!.json().inputsHash);
    }
  });

  it('every heavy route is a registered route', () => {
    for (const url of HEAVY_READ_ROUTES) expect(routes).toContain(url);
  });
});
