import type { FastifySchema, RouteOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Role } from '../access/roles.ts';
import { PROBLEM_CODE_LIST, PROBLEM_CODES, type ProblemCode } from '../http/problem-codes.ts';
import { problemSchema } from '../routes/openapi-shapes.ts';
import { AT, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

/** Every GET route's schemas, as registered (HEAD routes left out). */
const routes = new Map<string, FastifySchema & { hide?: boolean }>();
const { demo, get, post } = useDemoApi({
  onRoute: (route: RouteOptions) => {
    if ([route.method].flat().includes('GET')) routes.set(route.url, route.schema ?? {});
  },
});

const END = encodeURIComponent('2025-12-15T23:59:59+07:00');
const MID = encodeURIComponent('2025-06-30T23:59:59+07:00');
const EARLY = encodeURIComponent('2025-02-01T00:00:00+07:00');
const INSTANTS = ['', `asOf=${EARLY}`, `asOf=${MID}`, `asOf=${END}`];
const withQuery = (path: string, query: string) => (query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path);

type Sample = string | { readonly url: string; readonly role: Role | null };

/**
 * Requests that exercise each read route on the demo year (after a rename, an initiative and a
 * publication, so that every kind of row appears), by the route's URL pattern.
 */
async function samplesOf(evidence: readonly string[]): Promise<Record<string, readonly Sample[]>> {
  const units = (await get('/v1/units')).json<{ items: { unitId: string }[] }>().items.map((u) => u.unitId);
  const tasks = [
    ...new Set(
      (await get(`/v1/plans/cchc-2025/tasks?limit=1000&asOf=${END}`))
        .json<{ items: { taskId: string }[] }>()
        .items.map((a) => a.taskId),
    ),
  ];
  const published = (await get('/v1/rankings/2025/published')).json<{ items: { eventId: string }[] }>().items;
  /** The units ranked at an instant (a scorecard of a merged unit, or one holding nothing, is a 404). */
  const ranked = async (query: string) =>
    (await get(withQuery('/v1/rankings/2025', query))).json<{ rows: { unitId: string }[] }>().rows.map((r) => r.unitId);
  const [rankedNow, rankedEarly, rankedMid] = [
    await ranked(''),
    await ranked(`asOf=${EARLY}`),
    await ranked(`asOf=${MID}`),
  ];
  const inspector = (url: string) => ({ url, role: 'inspector' as const });
  return {
    '/health': [{ url: '/health', role: null }],
    '/ready': [{ url: '/ready', role: null }],
    '/v1/plans': ['/v1/plans'],
    '/v1/me': ['/v1/me', { url: '/v1/me', role: 'reporter' as const }, inspector('/v1/me')],
    '/v1/plans/:planId/tasks': [
      ...INSTANTS.map((q) => withQuery('/v1/plans/cchc-2025/tasks?limit=1000', q)),
      '/v1/plans/cchc-2025/tasks?limit=5',
    ],
    '/v1/plans/:planId/amendments': INSTANTS.map((q) => withQuery('/v1/plans/cchc-2025/amendments', q)),
    '/v1/progress': INSTANTS.map((q) => withQuery('/v1/progress', q)),
    '/v1/tasks/:taskId': tasks.flatMap((t) => [`/v1/tasks/${t}`, `/v1/tasks/${t}?asOf=${EARLY}`]),
    '/v1/units': ['/v1/units'],
    '/v1/units/:unitId': units.map((u) => `/v1/units/${u}`),
    '/v1/units/:unitId/scorecard': [
      ...rankedNow.map((u) => `/v1/units/${u}/scorecard`),
      ...rankedEarly.map((u) => `/v1/units/${u}/scorecard?asOf=${EARLY}`),
    ],
    '/v1/units/:unitId/explanation': [
      ...rankedNow.map((u) => `/v1/units/${u}/explanation`),
      ...rankedMid.map((u) => `/v1/units/${u}/explanation?asOf=${MID}`),
    ],
    '/v1/reports': INSTANTS.map((q) => withQuery('/v1/reports', q)),
    '/v1/indicators': INSTANTS.map((q) => withQuery('/v1/indicators', q)),
    '/v1/back-dated': ['/v1/back-dated?days=0&limit=1000', '/v1/back-dated?limit=3'],
    '/v1/rankings/:year': ['/v1/rankings/2025', `/v1/rankings/2025?asOf=${EARLY}`, `/v1/rankings/2025?asOf=${MID}`],
    '/v1/rankings/:year/published': ['/v1/rankings/2025/published'],
    '/v1/rankings/published/:eventId/verification': published.map(
      (p) => `/v1/rankings/published/${p.eventId}/verification`,
    ),
    '/v1/audit/events': ['/v1/audit/events?limit=1000', '/v1/audit/events?limit=2'].map(inspector),
    '/v1/audit/streams/:streamId/events': [
      'plan-2025',
      'task-2025-II.3',
      'unit-vp-so',
      'unit-phong-moi',
      'ranking-cchc-2025',
    ].map((s) => inspector(`/v1/audit/streams/${s}/events?limit=1000`)),
    '/v1/audit/verify': [inspector('/v1/audit/verify')],
    '/v1/audit/proofs/inclusion': [
      inspector('/v1/audit/proofs/inclusion?event=1'),
      inspector('/v1/audit/proofs/inclusion?event=100&size=200'),
    ],
    '/v1/audit/proofs/consistency': [
      inspector('/v1/audit/proofs/consistency?from=1'),
      inspector('/v1/audit/proofs/consistency?from=200&to=400'),
    ],
    '/v1/audit/checkpoints': [inspector('/v1/audit/checkpoints')],
    '/v1/audit/checkpoints/latest': [inspector('/v1/audit/checkpoints/latest')],
    '/public/v1/rankings': [{ url: '/public/v1/rankings', role: null }],
    '/public/v1/rankings/:year': [{ url: '/public/v1/rankings/2025', role: null }],
    '/public/v1/signing-keys': [{ url: '/public/v1/signing-keys', role: null }],
    '/v1/keys': [{ url: '/v1/keys', role: 'admin' }],
    '/v1/evidence/:sha256/record': evidence.map((sha256) => inspector(`/v1/evidence/${sha256}/record`)),
    '/v1/audit/evidence': [inspector('/v1/audit/evidence')],
    '/v1/index/criteria-sets': ['/v1/index/criteria-sets'],
    '/v1/index/criteria-sets/:id/:version': ['/v1/index/criteria-sets/example-so-2025/1'],
    '/v1/index/:year/departments': ['/v1/index/2025/departments', `/v1/index/2025/departments?asOf=${EARLY}`],
    '/v1/index/:year/departments/:departmentId': [
      '/v1/index/2025/departments/so-tnmt',
      `/v1/index/2025/departments/so-tnmt?asOf=${MID}`,
    ],
    '/v1/index/:year/ranking': ['/v1/index/2025/ranking?departments=so-tnmt,so-khac'],
  };
}

describe('every read route answers what its response schema says', () => {
  let samples: Record<string, readonly Sample[]>;
  beforeAll(async () => {
    // A renamed unit, an initiative and a publication: rows the demo year has none of.
    for (const [url, body] of [
      ['/v1/units', { unitId: 'phong-moi', name: 'Phòng Mới', kind: 'phong', at: AT, entry: LATE }],
      ['/v1/units/phong-moi/rename', { name: 'Phòng Đổi Tên', decisionRef: 'QĐ-1/2025', at: AT, entry: LATE }],
      ['/v1/units/vp-so/initiative', { level: 'province', title: 'Một cửa số', at: AT, entry: LATE }],
      ['/v1/rankings/2025/publish', {}],
    ] as const) {
      const res = await post(url, 'office', body);
      expect(res.statusCode, res.body).toBe(201);
    }
    // Evidence files: one for a unit, one for none.
    const evidence: string[] = [];
    for (const [query, text] of [
      ['fileName=bien-ban.pdf&unitId=vp-so', 'biên bản'],
      ['fileName=anh.txt', 'ghi chú'],
    ] as const) {
      const bytes = Buffer.from(query.includes('.pdf') ? `%PDF-1.4\n${text}\n` : text);
      const res = await post(`/v1/evidence?${query}`, 'office', bytes, { 'content-type': 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(201);
      evidence.push(res.json<{ sha256: string }>().sha256);
    }
    // A department's dossier with one self-score, so the index routes answer a row of each kind.
    const scored = await post('/v1/index/2025/departments/so-tnmt/self-score', 'office', {
      criteriaSetId: 'example-so-2025',
      criteriaSetVersion: 1,
      criterionId: '1.3',
      value: 1.5,
      evidenceFiles: [evidence[0]],
    });
    expect(scored.statusCode, scored.body).toBe(201);
    samples = await samplesOf(evidence);
  });

  it('every documented GET route has samples', () => {
    const documented = [...routes].filter(([, schema]) => !schema.hide).map(([url]) => url);
    expect(documented.sort()).toEqual(Object.keys(samples).sort());
  });

  it('each sample parses with the 200 schema of its route (strict: no field left undocumented)', async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const [url, list] of Object.entries(samples)) {
      const answer = routes.get(url)?.response as Record<number, z.ZodType> | undefined;
      expect(answer?.[200], url).toBeInstanceOf(z.ZodType);
      expect(list.length, url).toBeGreaterThan(0);
      for (const sample of list) {
        const { url: path, role } = typeof sample === 'string' ? { url: sample, role: 'analyst' as const } : sample;
        const res = role ? await get(path, role) : await demo().app.inject({ url: path });
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
        const parsed = answer![200]!.safeParse(res.json());
        if (!parsed.success) failures.push(`${path}: ${z.prettifyError(parsed.error)}`);
        checked += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    // More than a hundred requests, some of them as-of rankings: 46–56 s alone on a shared machine.
  }, 240_000);
});

describe('problem answers', () => {
  it.each<[string, () => ReturnType<typeof get>, ProblemCode]>([
    ['unknown unit', () => get('/v1/units/khong-co'), 'NOT_FOUND'],
    ['no such route', () => get('/v1/khong-co'), 'ROUTE_NOT_FOUND'],
    ['bad query', () => get('/v1/plans/cchc-2025/tasks?limit=0'), 'VALIDATION_FAILED'],
    ['forged cursor', () => get('/v1/plans/cchc-2025/tasks?cursor=bm90LWEtY3Vyc29y'), 'CURSOR_INVALID'],
    ['no key', () => demo().app.inject({ url: '/v1/plans' }), 'API_KEY_MISSING'],
    ['wrong role', () => get('/v1/keys'), 'ROLE_FORBIDDEN'],
    [
      'rule',
      () => post('/v1/tasks/II.2/complete', 'office', { unitId: 'khong-giao', at: AT, entry: LATE }),
      'RULE_VIOLATION',
    ],
    [
      'stale revision',
      () =>
        post(
          '/v1/tasks/II.2/progress',
          'office',
          { unitId: 'vp-dkdd', percent: 5, at: AT, entry: LATE },
          { 'if-match': '"0"' },
        ),
      'CONCURRENCY_CONFLICT',
    ],
    [
      'malformed JSON',
      () => post('/v1/tasks/II.2/progress', 'office', '{"unitId', { 'content-type': 'application/json' }),
      'MALFORMED_JSON',
    ],
  ])('%s: the problem schema, with the status the catalogue gives its code', async (_name, call, code) => {
    const res = await call();
    const body = problemSchema.parse(res.json());
    expect(body.code).toBe(code);
    expect(res.statusCode).toBe(PROBLEM_CODES[code]);
    expect(body.status).toBe(PROBLEM_CODES[code]);
  });
});

describe('the OpenAPI document', () => {
  it('has a non-empty 200 schema for every GET route, and problem codes from the catalogue', async () => {
    const doc = (await demo().app.inject({ url: '/docs/json' })).json<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
      >;
    }>();
    const gets = Object.entries(doc.paths).filter(([, ops]) => ops.get);
    const documented = [...routes].filter(([, schema]) => !schema.hide).map(([url]) => url.replace(/:(\w+)/g, '{$1}'));
    expect(gets.map(([path]) => path).sort()).toEqual(documented.sort());
    for (const [path, ops] of gets) {
      const schema = ops.get!.responses['200']?.content?.['application/json']?.schema;
      expect(schema, path).toBeDefined();
      expect(Object.keys(schema!), path).toEqual(expect.arrayContaining(['type', 'properties']));
      if (!path.startsWith('/v1/')) continue; // /health and /ready answer no problem
      const problem = ops.get!.responses['404']?.content?.['application/json']?.schema as {
        properties: { code: { enum: string[] } };
      };
      expect(problem.properties.code.enum, path).toEqual(PROBLEM_CODE_LIST);
    }
  });
});
