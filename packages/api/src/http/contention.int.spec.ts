import { describe, expect, it } from 'vitest';
import { AT, expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';

/** Issue 17, finding 4: concurrent valid writes on one stream, without and with If-Match. */
describe('valid writes under contention', () => {
  const { get, post, head } = useDemoApi();

  it('50 concurrent progress reports on one stream without If-Match are all recorded (re-decided on conflict)', async () => {
    const before = await head();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/v1/tasks/II.3/progress', 'office', { unitId: 'vp-dkdd', percent: 10 + (i % 5), at: AT }),
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
          { unitId: 'vp-dkdd', percent: 30, at: AT },
          { 'if-match': `"${revision}"` },
        ),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 201)) expectProblem(a, 409, 'CONCURRENCY_CONFLICT');
  });
});
