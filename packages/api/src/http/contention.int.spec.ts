import { ConcurrencyError } from '@cchc/core';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ApiServices } from '../api-services.ts';
import { errorsPlugin } from '../plugins/errors.ts';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';
import { runCommand } from './run-command.ts';

/** Issue 17, finding 4: concurrent valid writes on one stream, without and with If-Match. */
describe('valid writes under contention', () => {
  const { get, post, head } = useDemoApi();

  it('50 concurrent progress reports on one stream without If-Match are all recorded (re-decided on conflict)', async () => {
    const before = await head();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/v1/tasks/II.3/progress', 'office', { unitId: 'vp-dkdd', percent: 10 + (i % 5), at: AT, entry: LATE }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(await head()).toBe(before + 50);
    const revisions = answers.map((a) => a.json().events[0].streamRevision as number).sort((a, b) => a - b);
    expect(new Set(revisions).size).toBe(50);
  });

  it('with If-Match, only the request naming the current revision wins; the stale ones are 409', async () => {
    const { revision } = (await get('/v1/tasks/II.3')).json() as { revision: number };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(
          '/v1/tasks/II.3/progress',
          'office',
          { unitId: 'vp-dkdd', percent: 30, at: AT, entry: LATE },
          { 'if-match': `"${revision}"` },
        ),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 201)) expectProblem(a, 409, 'CONCURRENCY_CONFLICT');
  });
});

describe('past the bound', () => {
  it('without If-Match a conflict is 503 WRITE_CONTENDED with Retry-After; with a stale If-Match, 409', async () => {
    const app = Fastify();
    await app.register(errorsPlugin);
    app.post('/x', async (request, reply) => {
      request.principal = { keyId: 'k', role: 'office' };
      return runCommand({} as ApiServices, request, reply, async () => {
        throw new ConcurrencyError('task-2025-II.3', 'any', 3);
      });
    });
    await app.ready();
    try {
      const contended = await app.inject({ method: 'POST', url: '/x', payload: {} });
      expectProblem(contended, 503, 'WRITE_CONTENDED');
      expect(contended.headers['retry-after']).toBe('1');
      expectProblem(
        await app.inject({ method: 'POST', url: '/x', payload: {}, headers: { 'if-match': '"2"' } }),
        409,
        'CONCURRENCY_CONFLICT',
      );
    } finally {
      await app.close();
    }
  });
});
