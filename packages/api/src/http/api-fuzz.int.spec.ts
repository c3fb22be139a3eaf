import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Role } from '../access/roles.ts';
import { useDemoApi } from '../testing/api-spec-kit.ts';

/**
 * Issue 17: fast-check over every write route (random path parameters, bodies and write headers:
 * 4xx only, nothing appended) and every read route's path and query parameters (never 5xx); the
 * server answers normally afterwards. Inputs the route's own schemas accept are left out of the
 * write property (they may rightly succeed).
 */
const routes: RouteOptions[] = [];
const { demo, bearer, head, get } = useDemoApi({ onRoute: (route: RouteOptions) => void routes.push(route) });

const ROLE_FOR: Record<string, Role> = {
  read: 'analyst',
  audit: 'inspector',
  report: 'office',
  office: 'office',
  keys: 'admin',
};
type Schema = z.ZodType & { shape?: Record<string, unknown>; unwrap?: () => Schema };
const shapeOf = (schema: unknown): string[] => {
  let s = schema as Schema | undefined;
  while (s && !s.shape && typeof s.unwrap === 'function') s = s.unwrap();
  return s?.shape ? Object.keys(s.shape) : [];
};
const accepts = (schema: unknown, value: unknown) => !schema || (schema as z.ZodType).safeParse(value).success;

/** Strings that look like ids, instants, numbers or nothing in particular. */
const token = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('II.3', 'vp-dkdd', 'cchc-2025', '2025', '-1', '0', '1e9', 'true', 'null', '', ' ', '..', '%00'),
  fc.constantFrom('2025-06-30', '2025-06-30T23:59:59+07:00', '2025-13-45', 'Q1', 'H1', 'Y', 'analyst'),
  fc.string({ minLength: 200, maxLength: 400 }),
);
const jsonish = fc.oneof({ maxDepth: 2 }, fc.jsonValue({ maxDepth: 2 }), token, fc.integer(), fc.double());
const paramsFor = (url: string) => {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return fc.tuple(...names.map(() => token)).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]!])));
};
const pathOf = (url: string, params: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] || '_'));

describe('fuzz', () => {
  it('every write route: random parameters, bodies and headers are 4xx, append nothing', {
    timeout: 300_000,
  }, async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.config?.permission);
    expect(writes.length).toBeGreaterThanOrEqual(20);
    for (const route of writes) {
      const keys = shapeOf(route.schema?.body);
      const body = fc.oneof(
        jsonish,
        fc.dictionary(fc.constantFrom(...keys, 'type', 'extra'), jsonish, { maxKeys: keys.length + 2 }),
      );
      const headers = fc.record(
        {
          'if-match': token,
          'idempotency-key': token,
          'content-type': fc.constantFrom('application/json', 'text/plain'),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(paramsFor(route.url), body, headers, fc.boolean(), async (params, payload, extra, raw) => {
          // No query string is sent: a route that needs one (POST /v1/evidence) must refuse every request.
          const accepted =
            accepts(route.schema?.params, params) &&
            accepts(route.schema?.body, payload) &&
            accepts(route.schema?.querystring, {});
          fc.pre(!accepted);
          const before = await head();
          const res = await demo().app.inject({
            method: route.method as 'POST',
            url: pathOf(route.url, params),
            headers: {
              ...bearer(ROLE_FOR[route.config!.permission!]!),
              'content-type': 'application/json',
              ...Object.fromEntries(Object.entries(extra).filter(([, v]) => /^[\x20-\x7e]*$/.test(v as string))),
            },
            // `raw`: the JSON cut short (malformed).
            payload: raw ? (JSON.stringify(payload) ?? '').slice(0, -1) : JSON.stringify(payload),
          });
          expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBeLessThan(500);
          expect(await head()).toBe(before);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('every read route: random path and query parameters are never a 5xx', { timeout: 300_000 }, async () => {
    const reads = routes.filter((r) => r.method === 'GET' && r.config?.permission);
    expect(reads.length).toBeGreaterThanOrEqual(15);
    for (const route of reads) {
      const names = shapeOf(route.schema?.querystring);
      const query = fc.dictionary(fc.constantFrom(...names, 'extra'), token, { maxKeys: names.length + 1 });
      await fc.assert(
        fc.asyncProperty(paramsFor(route.url), query, async (params, q) => {
          const search = new URLSearchParams(q as Record<string, string>).toString();
          const res = await demo().app.inject({
            url: `${pathOf(route.url, params)}${search ? `?${search}` : ''}`,
            headers: bearer(ROLE_FOR[route.config!.permission!]!),
          });
          expect(res.statusCode, `GET ${route.url}?${search}: ${res.body}`).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('the server still answers as before', async () => {
    expect((await demo().app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await get('/v1/rankings/2025')).statusCode).toBe(200);
  });
});
