import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, bearer, get, post, head } = useDemoApi();

describe('bad input: a 4xx problem, the server stays up, nothing appended', () => {
  it.each([
    [
      'malformed JSON',
      { payload: '{"unitId": "vp-dkdd", ', headers: { 'content-type': 'application/json' } },
      400,
      'MALFORMED_JSON',
    ],
    [
      'a wrong content type',
      { payload: 'unitId=vp-dkdd', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a huge body',
      {
        payload: JSON.stringify({ unitId: 'vp-dkdd', note: 'x'.repeat(400_000), at: AT, entry: LATE }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'an unknown field',
      { payload: { unitId: 'vp-dkdd', percent: 10, at: AT, entry: LATE, hacked: true } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an impossible date',
      { payload: { unitId: 'vp-dkdd', percent: 10, at: '2025-02-30T09:00:00+07:00' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a percent out of range',
      { payload: { unitId: 'vp-dkdd', percent: 140, at: AT, entry: LATE } },
      400,
      'VALIDATION_FAILED',
    ],
  ])('%s', async (_name, request: { payload: unknown; headers?: Record<string, string> }, status, code) => {
    const before = await head();
    const res = await demo().app.inject({
      method: 'POST',
      url: '/v1/tasks/II.2/progress',
      payload: request.payload as InjectOptions['payload'],
      headers: { ...bearer('office'), ...request.headers },
    });
    const body = expectProblem(res, status, code);
    if (code === 'VALIDATION_FAILED') expect(JSON.stringify(body.issues)).toMatch(/body/);
    expect(await head()).toBe(before);
    expect((await demo().app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('names the failing field', async () => {
    const body = expectProblem(
      await post('/v1/tasks/II.2/progress', 'office', { unitId: 'vp-dkdd', percent: 'nhiều', at: AT, entry: LATE }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.issues[0].path).toBe('body.percent');
  });

  it.each([
    ['path traversal in a task id', '/v1/tasks/..%2F..%2Fetc%2Fpasswd'],
    ['path traversal in a stream id', '/v1/audit/streams/task-..%2F..%2Fetc/events'],
    ['SQL in a unit filter', `/v1/plans/cchc-2025/tasks?unit=${encodeURIComponent("x' OR 1=1 --")}`],
    [
      'SQL in a status filter',
      `/v1/plans/cchc-2025/tasks?status=${encodeURIComponent("overdue'; DROP TABLE events; --")}`,
    ],
    ['an unknown query field', '/v1/plans/cchc-2025/tasks?sort=unit_id'],
    ['an impossible as-of date', '/v1/rankings/2025?asOf=2025-13-45'],
    ['a forged cursor', '/v1/plans/cchc-2025/tasks?cursor=bm90LWEtY3Vyc29y'],
    [
      'a forged stream cursor',
      `/v1/audit/streams/plan-2025/events?cursor=${Buffer.from(JSON.stringify([1, 'x'])).toString('base64url')}`,
    ],
    ['a year out of range', '/v1/rankings/99999'],
  ])('%s', async (_name, url) => {
    const res = await get(url, 'inspector');
    expectProblem(res, 400);
    expect((await get('/v1/plans')).statusCode).toBe(200);
  });
});
