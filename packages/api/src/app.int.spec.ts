import { describe, expect, it } from 'vitest';
import type { Role } from './access/roles.ts';
import { AT, LATE, useDemoApi } from './testing/api-spec-kit.ts';
import { demoApi } from './testing/demo-services.ts';

const { demo, bearer, get, post, head } = useDemoApi();

describe('operations', () => {
  it('/health, /ready, /metrics and the OpenAPI document', async () => {
    expect((await demo().app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await demo().app.inject({ url: '/ready' })).json()).toMatchObject({
      status: 'ready',
      head: await head(),
      projectionLag: expect.any(Number),
    });
    await get('/v1/plans');
    // An event appended through this app, for the appended-events counter.
    expect(
      (await post('/v1/tasks/II.3/progress', 'office', { unitId: 'vp-dkdd', percent: 40, at: AT, entry: LATE }))
        .statusCode,
    ).toBe(201);
    const metrics = (await demo().app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('cchc_http_request_duration_seconds_bucket{');
    expect(metrics).toMatch(/cchc_events_appended_total\{type="ProgressReported"\} \d+/);
    expect(metrics).toContain('cchc_projection_lag_events');
    const openapi = (await demo().app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/rankings/{year}', '/v1/tasks/{taskId}/complete', '/v1/audit/verify']),
    );
    expect((await demo().app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('every response carries a request id; a plain one sent by the client is kept, anything else replaced', async () => {
    const res = await demo().app.inject({
      url: '/v1/plans',
      headers: { ...bearer('analyst'), 'x-request-id': 'abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const long = await demo().app.inject({
      url: '/v1/plans',
      headers: { ...bearer('analyst'), 'x-request-id': 'x'.repeat(3000) },
    });
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('rate limiting', () => {
  it('is per key: over the limit a key gets 429 problem+json while another key still gets through', async () => {
    const limited = await demoApi({ rateLimitPerMinute: 3 });
    try {
      const call = (role: Role) =>
        limited.app.inject({ url: '/v1/plans', headers: { authorization: `Bearer ${limited.key[role]}` } });
      for (let i = 0; i < 3; i++) expect((await call('analyst')).statusCode).toBe(200);
      const over = await call('analyst');
      expect(over.statusCode).toBe(429);
      expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(over.json()).toMatchObject({ code: 'RATE_LIMITED', vi: expect.stringContaining('Vượt giới hạn') });
      expect((await call('inspector')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
