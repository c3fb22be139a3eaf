import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeRankings, DEFAULT_RULEBOOK } from '@cchc/projections';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from './access/roles.ts';
import { type DemoApi, demoApi } from './testing/demo-services.ts';

let demo: DemoApi;
beforeAll(async () => {
  demo = await demoApi();
});
afterAll(() => demo?.close());

const AT = '2025-11-20T09:00:00+07:00';
const bearer = (role: Role) => ({ authorization: `Bearer ${demo.key[role]}` });
const get = (url: string, role: Role = 'analyst', headers: Record<string, string> = {}) =>
  demo.app.inject({ method: 'GET', url, headers: { ...bearer(role), ...headers } });
const post = (url: string, role: Role | null, payload: unknown, headers: Record<string, string> = {}) =>
  demo.app.inject({
    method: 'POST',
    url,
    headers: { ...(role ? bearer(role) : {}), ...headers },
    payload: payload as InjectOptions['payload'],
  });
const head = () => demo.store.headPosition();

function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:cchc:problem:/),
    vi: expect.any(String),
    en: expect.any(String),
    requestId: expect.any(String),
  });
  if (code) expect(body.code).toBe(code);
  return body;
}

describe('reads', () => {
  it('GET /v1/rankings/2025 is the 15/12 ranking the projections compute, with rulebook, position and inputs hash', async () => {
    const res = await get('/v1/rankings/2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const connection = await demo.store.database.connect();
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
    const write = await post('/v1/tasks/II.3/progress', 'office', { unitId: 'vp-dkdd', percent: 40, at: AT });
    expect(write.statusCode, write.body).toBe(201);
    const after = await get('/v1/rankings/2025?asOf=2025-09-30T23:59:59%2B07:00', 'analyst', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('assignments filter by area, unit, status and overdue, and page by log position without gaps or repeats', async () => {
    const all = (await get('/v1/plans/cchc-2025/tasks?limit=1000')).json();
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { taskId: string; unitId: string; role: string }[]; nextCursor: string | null } = (
        await get(`/v1/plans/cchc-2025/tasks?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((a) => `${a.taskId}/${a.unitId}/${a.role}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.items.length / 7));
    expect(seen).toEqual(
      all.items.map((a: { taskId: string; unitId: string; role: string }) => `${a.taskId}/${a.unitId}/${a.role}`),
    );
    expect(new Set(seen).size).toBe(seen.length);

    const filtered = (
      await get('/v1/plans/cchc-2025/tasks?area=II&unit=vp-dkdd&status=overdue&overdue=true&limit=1000')
    ).json();
    expect(filtered.items.length).toBeGreaterThan(0);
    for (const a of filtered.items)
      expect(a).toMatchObject({ area: 'II', unitId: 'vp-dkdd', statusCode: 'overdue', overdue: true });
    expect(filtered.items.length).toBe(
      all.items.filter(
        (a: Record<string, unknown>) =>
          a.area === 'II' && a.unitId === 'vp-dkdd' && a.statusCode === 'overdue' && a.overdue === true,
      ).length,
    );
  });

  it('a task with every event of its stream, hashes and back-dating flags; units with lineage; scorecard and explanation agree', async () => {
    const task = (await get('/v1/tasks/II.3')).json();
    expect(task).toMatchObject({ taskId: 'II.3', area: 'II', streamId: 'task-2025-II.3' });
    expect(task.events[0].type).toBe('TaskDefined');
    expect(task.revision).toBe(task.events.at(-1).streamRevision);
    for (const e of task.events) {
      expect(e).toMatchObject({
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        backfilled: e.metadata.source === 'backfill',
      });
      expect(e.backDated).toBe(Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > 7 * 86_400_000);
    }
    expect(task.events.some((e: { backDated: boolean }) => e.backDated)).toBe(true);
    expect(task.events.map((e: { globalPosition: number }) => e.globalPosition)).toEqual(
      [...task.events.map((e: { globalPosition: number }) => e.globalPosition)].sort((a, b) => a - b),
    );

    const units = (await get('/v1/units')).json().items as {
      unitId: string;
      active: boolean;
      changes: { change: string }[];
    }[];
    const merged = units.filter((u) => u.changes.some((c) => c.change === 'merged'));
    expect(merged.length).toBeGreaterThan(0);
    for (const u of merged) expect(u.active).toBe(false);

    const scorecard = (await get('/v1/units/vp-dkdd/scorecard')).json();
    const explanation = (await get('/v1/units/vp-dkdd/explanation')).json();
    const ranking = (await get('/v1/rankings/2025')).json();
    const row = ranking.rows.find((r: { unitId: string }) => r.unitId === 'vp-dkdd');
    expect(scorecard.score).toBe(row.score);
    expect(explanation.unit.score).toBe(row.score);
    expect((await get('/v1/units/khong-co')).statusCode).toBe(404);
  });

  it('progress by area, report timeliness, indicators and back-dated events answer as of any instant', async () => {
    const progress = (await get('/v1/progress?asOf=2025-12-15T23:59:59%2B07:00')).json();
    expect(progress.items.map((a: { area: string }) => a.area)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
    const reports = (await get('/v1/reports?unit=vp-so&asOf=2025-12-15T23:59:59%2B07:00')).json();
    expect(reports.items.map((r: { period: string }) => r.period)).toEqual(['Q1', 'H1', 'Q3', 'Y']);
    const early = (await get('/v1/reports?unit=vp-so&asOf=2025-05-01T00:00:00%2B07:00')).json();
    expect(early.items.map((r: { period: string }) => r.period)).toEqual(['Q1']);
    const inds = (await get('/v1/indicators')).json();
    expect(inds.items.length).toBeGreaterThan(0);
    const late = (await get('/v1/back-dated?days=7&limit=5')).json();
    expect(late.items.length).toBeGreaterThan(0);
    for (const e of late.items) expect(e.daysLate).toBeGreaterThan(7);
  });
});

describe('writes', () => {
  it('a reporter acts on its own unit’s assignment; the event records the key as actor and source api', async () => {
    const res = await post('/v1/tasks/II.2/progress', 'reporter', {
      unitId: 'vp-dkdd',
      percent: 60,
      note: 'Đang triển khai',
      at: AT,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ type: 'ProgressReported', globalPosition: await head() });
    const [event] = await demo.store.readAll({ fromPosition: body.events[0].globalPosition, limit: 1 });
    expect(event!.metadata).toMatchObject({
      source: 'api',
      unitId: 'vp-dkdd',
      actor: expect.stringMatching(/^api:reporter:[0-9a-f]{12}$/),
    });
  });

  it('a reporter acting for another unit is 403, an office-only action is 403, no key is 401; nothing is appended', async () => {
    const before = await head();
    expectProblem(
      await post('/v1/tasks/II.2/progress', 'reporter', { unitId: 'vp-so', percent: 10, at: AT }),
      403,
      'UNIT_FORBIDDEN',
    );
    expectProblem(
      await post('/v1/tasks/II.2/complete', 'reporter', { unitId: 'vp-dkdd', at: AT }),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await post('/v1/tasks/II.2/progress', null, { unitId: 'vp-dkdd', percent: 10, at: AT }),
      401,
      'API_KEY_MISSING',
    );
    expectProblem(
      await post(
        '/v1/tasks/II.2/progress',
        null,
        { unitId: 'vp-dkdd', percent: 10, at: AT },
        { authorization: 'Bearer cchc_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      ),
      401,
      'API_KEY_INVALID',
    );
    expect(await head()).toBe(before);
  });

  it('a rule violation is 422 with the rule in Vietnamese and English', async () => {
    const body = expectProblem(
      await post('/v1/tasks/II.2/complete', 'office', { unitId: 'khong-giao', at: AT }),
      422,
      'RULE_VIOLATION',
    );
    expect(body.vi).toContain('đơn vị không được giao nhiệm vụ này');
    expect(body.en).toContain('the unit is not assigned to this task');
    expect(body.rule).toBe('UNIT_NOT_ASSIGNED');
    const english = await demo.app.inject({
      method: 'POST',
      url: '/v1/tasks/II.2/complete',
      headers: { ...bearer('office'), 'accept-language': 'en-US,en;q=0.9' },
      payload: { unitId: 'khong-giao', at: AT },
    });
    expect(english.json().detail).toBe(english.json().en);
    const outside = expectProblem(
      await post('/v1/tasks/II.2/progress', 'office', {
        unitId: 'vp-dkdd',
        percent: 5,
        at: '2026-03-01T09:00:00+07:00',
      }),
      422,
    );
    expect(outside.rule).toBe('OUTSIDE_PLAN_YEAR');
  });

  it('If-Match with a stale revision is a 409; with the current one the write goes through', async () => {
    const task = (await get('/v1/tasks/II.2')).json();
    const stale = String(task.revision - 1);
    const before = await head();
    const conflict = expectProblem(
      await post(
        '/v1/tasks/II.2/progress',
        'office',
        { unitId: 'vp-dkdd', percent: 70, at: AT },
        { 'if-match': `"${stale}"` },
      ),
      409,
      'CONCURRENCY_CONFLICT',
    );
    expect(conflict).toMatchObject({ streamId: 'task-2025-II.2', actual: task.revision });
    expect(await head()).toBe(before);
    const ok = await post(
      '/v1/tasks/II.2/progress',
      'office',
      { unitId: 'vp-dkdd', percent: 70, at: AT },
      { 'if-match': `"${task.revision}"` },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().events[0].streamRevision).toBe(task.revision + 1);
    expectProblem(
      await post(
        '/v1/tasks/II.2/progress',
        'office',
        { unitId: 'vp-dkdd', percent: 70, at: AT },
        { 'if-match': 'abc' },
      ),
      400,
      'IF_MATCH_INVALID',
    );
  });

  it('an Idempotency-Key retry returns the first response and writes nothing; the same key for another request is 422', async () => {
    const payload = { unitId: 'vp-dkdd', productRef: 'BC-12/2025', at: AT };
    const first = await post('/v1/tasks/II.2/submit', 'office', payload, { 'idempotency-key': 'submit-II.2-1' });
    expect(first.statusCode, first.body).toBe(201);
    const after = await head();
    const retry = await post('/v1/tasks/II.2/submit', 'office', payload, { 'idempotency-key': 'submit-II.2-1' });
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await head()).toBe(after);
    expectProblem(
      await post(
        '/v1/tasks/II.2/submit',
        'office',
        { ...payload, productRef: 'khác' },
        { 'idempotency-key': 'submit-II.2-1' },
      ),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    // Another key's identical Idempotency-Key is its own request.
    const reporter = await post(
      '/v1/tasks/II.2/progress',
      'reporter',
      { unitId: 'vp-dkdd', percent: 90, at: AT },
      { 'idempotency-key': 'submit-II.2-1' },
    );
    expect(reporter.statusCode, reporter.body).toBe(201);
  });

  it('identical requests with one Idempotency-Key sent at the same time append once and all get the first answer', async () => {
    const before = await head();
    const payload = { unitId: 'vp-dkdd', percent: 35, note: 'cùng lúc', at: AT };
    const answers = await Promise.all(
      [1, 2, 3].map(() => post('/v1/tasks/II.3/progress', 'office', payload, { 'idempotency-key': 'concurrent-1' })),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await head()).toBe(before + 1);
  });

  it('reports, units, indicators and the plan go through the same deciders', async () => {
    const report = await post('/v1/reports', 'office', { unitId: 'phong-moi-truong', year: 2025, period: 'Y', at: AT });
    expect([201, 422]).toContain(report.statusCode);
    const established = await post('/v1/units', 'office', {
      unitId: 'phong-moi',
      name: 'Phòng Mới',
      kind: 'phong',
      at: AT,
    });
    expect(established.statusCode, established.body).toBe(201);
    const renamed = await post('/v1/units/phong-moi/rename', 'office', { name: 'Phòng Đổi Tên', at: AT });
    expect(renamed.statusCode, renamed.body).toBe(201);
    const criticism = await post('/v1/units/phong-moi/criticism', 'office', { reason: 'Chậm báo cáo', at: AT });
    expect(criticism.statusCode, criticism.body).toBe(201);
    const inds = (await get('/v1/indicators')).json().items as { indicatorId: string }[];
    const indicator = await post(`/v1/indicators/${inds[0]!.indicatorId}/values`, 'office', {
      value: 55.5,
      period: 'Q4',
      at: AT,
    });
    expect(indicator.statusCode, indicator.body).toBe(201);
    const unit = (await get('/v1/units/phong-moi')).json();
    expect(unit).toMatchObject({ name: 'Phòng Đổi Tên', establishedName: 'Phòng Mới', active: true });
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

  it('pages of assignments come from the first page’s snapshot even when the log moves between pages', async () => {
    const asOf = encodeURIComponent('2025-12-15T23:59:59+07:00');
    const whole = (await get(`/v1/plans/cchc-2025/tasks?limit=1000&asOf=${asOf}`)).json();
    const walked: unknown[] = [];
    let page = (await get(`/v1/plans/cchc-2025/tasks?limit=40&asOf=${asOf}`)).json();
    walked.push(...page.items);
    // A reassignment between pages changes who holds an assignment, not the walk.
    expect(
      (await post('/v1/tasks/II.3/reassign', 'office', { unitId: 'tt-quan-trac-tnmt', toUnitId: 'vp-so', at: AT }))
        .statusCode,
    ).toBe(201);
    while (page.nextCursor) {
      page = (await get(`/v1/plans/cchc-2025/tasks?limit=40&asOf=${asOf}&cursor=${page.nextCursor}`)).json();
      walked.push(...page.items);
    }
    expect(walked).toEqual(whole.items);
  });
});

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
        payload: JSON.stringify({ unitId: 'vp-dkdd', note: 'x'.repeat(400_000), at: AT }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'an unknown field',
      { payload: { unitId: 'vp-dkdd', percent: 10, at: AT, hacked: true } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an impossible date',
      { payload: { unitId: 'vp-dkdd', percent: 10, at: '2025-02-30T09:00:00+07:00' } },
      400,
      'VALIDATION_FAILED',
    ],
    ['a percent out of range', { payload: { unitId: 'vp-dkdd', percent: 140, at: AT } }, 400, 'VALIDATION_FAILED'],
  ])('%s', async (_name, request: { payload: unknown; headers?: Record<string, string> }, status, code) => {
    const before = await head();
    const res = await demo.app.inject({
      method: 'POST',
      url: '/v1/tasks/II.2/progress',
      payload: request.payload as InjectOptions['payload'],
      headers: { ...bearer('office'), ...request.headers },
    });
    const body = expectProblem(res, status, code);
    if (code === 'VALIDATION_FAILED') expect(JSON.stringify(body.issues)).toMatch(/body/);
    expect(await head()).toBe(before);
    expect((await demo.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('names the failing field', async () => {
    const body = expectProblem(
      await post('/v1/tasks/II.2/progress', 'office', { unitId: 'vp-dkdd', percent: 'nhiều', at: AT }),
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

describe('access: each role × each endpoint group', () => {
  const groups: [string, (role: Role | null) => Promise<LightMyRequestResponse>][] = [
    ['read', (role) => demo.app.inject({ url: '/v1/plans', headers: role ? bearer(role) : {} })],
    [
      'audit',
      (role) =>
        demo.app.inject({ url: '/v1/audit/streams/plan-2025/events?limit=1', headers: role ? bearer(role) : {} }),
    ],
    // A schema-invalid body: the role check runs first, so an allowed role gets 400 and nothing is written.
    ['report', (role) => post('/v1/reports', role, { unitId: 'vp-dkdd', year: 2025, period: 'Q9' })],
    ['office', (role) => post('/v1/tasks/II.2/set-deadline', role, { due: 'not-a-date' })],
    ['keys', (role) => demo.app.inject({ url: '/v1/keys', headers: role ? bearer(role) : {} })],
  ];
  const allowed: Record<string, readonly Role[]> = {
    read: ['analyst', 'reporter', 'office', 'inspector', 'admin'],
    audit: ['inspector', 'admin'],
    report: ['reporter', 'office'],
    office: ['office'],
    keys: ['admin'],
  };
  const roles: (Role | null)[] = [null, 'analyst', 'reporter', 'office', 'inspector', 'admin'];
  for (const [group, call] of groups) {
    for (const role of roles) {
      const expected =
        role === null
          ? 401
          : allowed[group]!.includes(role)
            ? group === 'report' || group === 'office'
              ? 400
              : 200
            : 403;
      it(`${group} as ${role ?? 'no key'} → ${expected}`, async () => {
        const before = await head();
        const res = await call(role);
        expect(res.statusCode, res.body).toBe(expected);
        expect(await head()).toBe(before);
      });
    }
  }

  it('keys issued by an admin work at once; a revoked key is refused', async () => {
    const created = await post('/v1/keys', 'admin', { role: 'inspector', label: 'thanh tra' });
    expect(created.statusCode, created.body).toBe(201);
    const { key, keyId } = created.json();
    expect(created.body).not.toContain('secretSha256');
    expect(
      (await demo.app.inject({ url: '/v1/audit/verify', headers: { authorization: `Bearer ${key}` } })).json(),
    ).toMatchObject({ ok: true });
    expect(
      (await demo.app.inject({ method: 'DELETE', url: `/v1/keys/${keyId}`, headers: bearer('admin') })).statusCode,
    ).toBe(200);
    expectProblem(await demo.app.inject({ url: '/v1/plans', headers: { 'x-api-key': key } }), 401, 'API_KEY_INVALID');
  });
});

describe('operations', () => {
  it('/health, /ready, /metrics and the OpenAPI document', async () => {
    expect((await demo.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await demo.app.inject({ url: '/ready' })).json()).toMatchObject({
      status: 'ready',
      head: await head(),
      projectionLag: expect.any(Number),
    });
    await get('/v1/plans');
    const metrics = (await demo.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('cchc_http_request_duration_seconds_bucket{');
    expect(metrics).toMatch(/cchc_events_appended_total\{type="ProgressReported"\} \d+/);
    expect(metrics).toContain('cchc_projection_lag_events');
    const openapi = (await demo.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/rankings/{year}', '/v1/tasks/{taskId}/complete', '/v1/audit/verify']),
    );
    expect((await demo.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('every response carries a request id; a plain one sent by the client is kept, anything else replaced', async () => {
    const res = await demo.app.inject({
      url: '/v1/plans',
      headers: { ...bearer('analyst'), 'x-request-id': 'abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const long = await demo.app.inject({
      url: '/v1/plans',
      headers: { ...bearer('analyst'), 'x-request-id': 'x'.repeat(3000) },
    });
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a key file broken while serving leaves the keys last read in force', async () => {
    const file = join(demo.dataDir, 'api-keys.json');
    const good = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, '{ "version": 1, "keys": [ broken');
      expect((await get('/v1/plans')).statusCode).toBe(200);
      expect(demo.keys.lastError?.message).toContain('api-keys.json');
    } finally {
      writeFileSync(file, good);
    }
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
