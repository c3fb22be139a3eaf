import { embeddedDatabase } from '@cchc/core';
import { computeRankings, DEFAULT_RULEBOOK } from '@cchc/projections';
import { describe, expect, it } from 'vitest';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, get, post, head } = useDemoApi();

describe('rankings', () => {
  it('GET /v1/rankings/2025 is the 15/12 ranking the projections compute, with rulebook, position and inputs hash', async () => {
    const res = await get('/v1/rankings/2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const connection = await embeddedDatabase(demo().store).connect();
    const [expected] = await computeRankings(connection, { rulebook: DEFAULT_RULEBOOK, year: 2025 }).finally(() =>
      connection.close(),
    );
    expect(body.asOf).toBe('2025-12-15T16:59:59.999Z');
    expect(body.rulebook).toEqual({ id: 'default-2025', version: 1 });
    expect(body.position).toBe(await head());
    expect(body.inputsHash).toBe(expected!.inputsHash);
    expect(body.rows).toEqual(JSON.parse(JSON.stringify(expected!.rows)));
    expect(body.rows.length).toBeGreaterThanOrEqual(10);
  });

  it('an aggregate carries an ETag from the log position: a matching If-None-Match is a 304; a write changes it', async () => {
    const first = await get('/v1/rankings/2025?asOf=2025-09-30T23:59:59%2B07:00');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(new RegExp(`^"p${await head()}-`));
    const again = await get('/v1/rankings/2025?asOf=2025-09-30T23:59:59%2B07:00', 'analyst', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/v1/rankings/2025?asOf=2025-06-30T23:59:59%2B07:00', 'analyst', { 'if-none-match': etag });
    expect(other.statusCode).toBe(200);
    expect(other.json().asOf).toBe('2025-06-30T16:59:59.000Z');
    const write = await post('/v1/tasks/II.3/progress', 'office', {
      unitId: 'vp-dkdd',
      percent: 40,
      at: AT,
      entry: LATE,
    });
    expect(write.statusCode, write.body).toBe(201);
    const after = await get('/v1/rankings/2025?asOf=2025-09-30T23:59:59%2B07:00', 'analyst', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('publishing records RankingPublished; the ranking is then marked published and verifies', async () => {
    const res = await post('/v1/rankings/2025/publish', 'office', {});
    expect(res.statusCode, res.body).toBe(201);
    const { eventId, inputsHash } = res.json();
    const ranking = (await get('/v1/rankings/2025')).json();
    // The publication moved the log (the position is part of the inputs hash), not the result.
    expect(ranking.published).toContainEqual(expect.objectContaining({ eventId, inputsHash, sameResult: true }));
    const verification = (await get(`/v1/rankings/published/${eventId}/verification`)).json();
    expect(verification).toMatchObject({ ok: true, sameRows: true, publishedInputsHash: inputsHash });
    expectProblem(await post('/v1/rankings/2025/publish', 'analyst', {}), 403, 'ROLE_FORBIDDEN');
  });

  it('publishing honours Idempotency-Key (a retry publishes nothing) and If-Match on the ranking stream', async () => {
    const first = await post('/v1/rankings/2025/publish', 'office', {}, { 'idempotency-key': 'publish-once' });
    expect(first.statusCode, first.body).toBe(201);
    const after = await head();
    const retry = await post('/v1/rankings/2025/publish', 'office', {}, { 'idempotency-key': 'publish-once' });
    expect(retry.body).toBe(first.body);
    expect(await head()).toBe(after);
    const revision = first.json().events[0].streamRevision as number;
    expectProblem(
      await post('/v1/rankings/2025/publish', 'office', {}, { 'if-match': `"${revision - 1}"` }),
      409,
      'CONCURRENCY_CONFLICT',
    );
    expect(await head()).toBe(after);
    const current = await post('/v1/rankings/2025/publish', 'office', {}, { 'if-match': `"${revision}"` });
    expect(current.statusCode, current.body).toBe(201);
  });
});
