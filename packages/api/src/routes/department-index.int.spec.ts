import { criteriaSetOf, EXAMPLE_CRITERIA_SET, leavesOf } from '@cchc/core';
import { describe, expect, it } from 'vitest';
import { departmentIndexAnswer, departmentRankingAnswer, indexDossierListAnswer } from '../answers/department-index.ts';
import { expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, get, post } = useDemoApi();
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const base = '/v1/index/2025/departments/so-tnmt';

describe('department index routes', () => {
  it('lists the criteria sets, the example marked', async () => {
    const res = await get('/v1/index/criteria-sets');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toContainEqual(
      expect.objectContaining({ id: 'example-so-2025', version: 1, example: true }),
    );
    expect((await get('/v1/index/criteria-sets/example-so-2025/1')).json()).toMatchObject({
      id: 'example-so-2025',
      total: 100,
    });
    expectProblem(await get('/v1/index/criteria-sets/khong-co/1'), 404, 'NOT_FOUND');
  });

  it('the office self-scores and submits; the appraiser appraises, enters the survey and publishes; roles are enforced', async () => {
    const bytes = Buffer.from('%PDF-1.4\nhồ sơ chấm điểm\n%%EOF\n');
    const uploaded = await post('/v1/evidence?fileName=ho-so.pdf', 'office', bytes, {
      'content-type': 'application/pdf',
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const sha256 = uploaded.json<{ sha256: string }>().sha256;
    const ref = { criteriaSetId: set.id, criteriaSetVersion: set.version };
    const manual = leavesOf(set).filter((l) => l.method === 'manual');
    expectProblem(
      await post(`${base}/self-score`, 'reporter', { ...ref, criterionId: '2.1', value: 3, evidenceFiles: [sha256] }),
      403,
    );
    for (const l of manual) {
      const res = await post(`${base}/self-score`, 'office', {
        ...ref,
        criterionId: l.id,
        value: l.max,
        evidenceFiles: [sha256],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expectProblem(
      await post(`${base}/self-score`, 'office', { ...ref, criterionId: '2.1', value: 9 }),
      422,
      'RULE_VIOLATION',
    );
    expect((await post(`${base}/submit`, 'office', {})).statusCode).toBe(201);
    const at = '2025-12-20T09:00:00+07:00';
    const asked = await post(`${base}/request-explanation`, 'appraiser', {
      requestId: 'gt-1',
      criterionId: '2.1',
      question: 'Bổ sung văn bản',
      at,
      entry: LATE,
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const answered = await post(`${base}/answer`, 'office', {
      requestId: 'gt-1',
      answer: 'Đã bổ sung',
      evidenceFiles: [sha256],
      at: '2025-12-22T09:00:00+07:00',
      entry: LATE,
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expectProblem(
      await post(`${base}/appraise`, 'office', { criterionId: '2.1', value: 2, reason: 'Thiếu văn bản' }),
      403,
    );
    const appraised = await post(`${base}/appraise`, 'appraiser', {
      criterionId: '2.1',
      value: 2,
      reason: 'Thiếu văn bản',
    });
    expect(appraised.statusCode, appraised.body).toBe(201);
    const survey = await post(`${base}/survey`, 'appraiser', {
      results: [
        { criterionId: '8.1', value: 18 },
        { criterionId: '8.2', value: 9 },
      ],
    });
    expect(survey.statusCode, survey.body).toBe(201);

    const shown = await get(`${base}?planId=cchc-2025`);
    expect(shown.statusCode, shown.body).toBe(200);
    const index = departmentIndexAnswer.parse(shown.json());
    const derived = index.leaves.filter((l) => l.method === 'derived').reduce((a, l) => a + (l.self ?? 0), 0);
    expect(index.self).toBeCloseTo(54 + derived, 9);
    expect(index.appraised).toBeCloseTo(53 + derived, 9);
    expect(index.final).toBeCloseTo(53 + derived + 27, 9);
    expect(index.status).toMatchObject({ submitted: true, surveyEntered: true, publication: null, openRequests: [] });
    expect(index.status.requests).toEqual([
      expect.objectContaining({
        requestId: 'gt-1',
        criterionId: '2.1',
        answerBy: '2025-12-25',
        requestedAt: '2025-12-20T02:00:00.000Z',
        answer: expect.objectContaining({
          text: 'Đã bổ sung',
          evidenceFiles: [sha256],
          answeredAt: '2025-12-22T02:00:00.000Z',
        }),
      }),
    ]);
    const listed = indexDossierListAnswer.parse((await get('/v1/index/2025/departments')).json());
    expect(listed.items).toEqual([
      {
        departmentId: 'so-tnmt',
        criteriaSet: { id: set.id, version: set.version },
        selfScored: manual.length,
        submitted: true,
        published: false,
      },
    ]);

    expectProblem(await post(`${base}/publish`, 'office', {}), 403);
    const published = await post(`${base}/publish`, 'appraiser', { planId: 'cchc-2025' });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ events: [{ type: 'IndexPublished' }], band: expect.any(String) });
    expectProblem(await post(`${base}/publish`, 'appraiser', { planId: 'cchc-2025' }), 422, 'RULE_VIOLATION');

    const ranked = await get('/v1/index/2025/ranking?departments=so-tnmt&plans=so-tnmt:cchc-2025');
    expect(ranked.statusCode, ranked.body).toBe(200);
    expect(departmentRankingAnswer.parse(ranked.json()).rows[0]).toMatchObject({ departmentId: 'so-tnmt', rank: 1 });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const openapi = (await demo().app.inject({ url: '/docs/json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/index/{year}/departments/{departmentId}',
        '/v1/index/{year}/departments/{departmentId}/appraise',
        '/v1/index/{year}/departments/{departmentId}/publish',
        '/v1/index/{year}/ranking',
      ]),
    );
  });
});
