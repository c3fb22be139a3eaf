import { describe, expect, it } from 'vitest';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, bearer, get, post, head } = useDemoApi();

describe('tasks', () => {
  it('a task with every event of its stream, hashes and back-dating flags', async () => {
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
  });

  it('a reporter acts on its own unit’s assignment; the event records the key as actor and source api', async () => {
    const res = await post('/v1/tasks/II.2/progress', 'reporter', {
      unitId: 'vp-dkdd',
      percent: 60,
      note: 'Đang triển khai',
      at: AT,
      entry: LATE,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ type: 'ProgressReported', globalPosition: await head() });
    const [event] = await demo().store.readAll({ fromPosition: body.events[0].globalPosition, limit: 1 });
    expect(event!.metadata).toMatchObject({
      source: 'api',
      unitId: 'vp-dkdd',
      actor: expect.stringMatching(/^api:reporter:[0-9a-f]{12}$/),
    });
  });

  it('a rule violation is 422 with the rule in Vietnamese and English', async () => {
    const body = expectProblem(
      await post('/v1/tasks/II.2/complete', 'office', { unitId: 'khong-giao', at: AT, entry: LATE }),
      422,
      'RULE_VIOLATION',
    );
    expect(body.vi).toContain('đơn vị không được giao nhiệm vụ này');
    expect(body.en).toContain('the unit is not assigned to this task');
    expect(body.rule).toBe('UNIT_NOT_ASSIGNED');
    const english = await demo().app.inject({
      method: 'POST',
      url: '/v1/tasks/II.2/complete',
      headers: { ...bearer('office'), 'accept-language': 'en-US,en;q=0.9' },
      payload: { unitId: 'khong-giao', at: AT, entry: LATE },
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
        { unitId: 'vp-dkdd', percent: 70, at: AT, entry: LATE },
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
      { unitId: 'vp-dkdd', percent: 70, at: AT, entry: LATE },
      { 'if-match': `"${task.revision}"` },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().events[0].streamRevision).toBe(task.revision + 1);
    expectProblem(
      await post(
        '/v1/tasks/II.2/progress',
        'office',
        { unitId: 'vp-dkdd', percent: 70, at: AT, entry: LATE },
        { 'if-match': 'abc' },
      ),
      400,
      'IF_MATCH_INVALID',
    );
  });

  it('an Idempotency-Key retry returns the first response and writes nothing; the same key for another request is 422', async () => {
    const payload = { unitId: 'vp-dkdd', productRef: 'BC-12/2025', at: AT, entry: LATE };
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
      { unitId: 'vp-dkdd', percent: 90, at: AT, entry: LATE },
      { 'idempotency-key': 'submit-II.2-1' },
    );
    expect(reporter.statusCode, reporter.body).toBe(201);
  });

  it('identical requests with one Idempotency-Key sent at the same time append once and all get the first answer', async () => {
    const before = await head();
    const payload = { unitId: 'vp-dkdd', percent: 35, note: 'cùng lúc', at: AT, entry: LATE };
    const answers = await Promise.all(
      [1, 2, 3].map(() => post('/v1/tasks/II.3/progress', 'office', payload, { 'idempotency-key': 'concurrent-1' })),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await head()).toBe(before + 1);
  });
});
