import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Role } from '../access/roles.ts';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, bearer, post, head } = useDemoApi();

describe('refusals', () => {
  it('a reporter acting for another unit is 403, an office-only action is 403, no key is 401; nothing is appended', async () => {
    const before = await head();
    expectProblem(
      await post('/v1/tasks/II.2/progress', 'reporter', { unitId: 'vp-so', percent: 10, at: AT, entry: LATE }),
      403,
      'UNIT_FORBIDDEN',
    );
    expectProblem(
      await post('/v1/tasks/II.2/complete', 'reporter', { unitId: 'vp-dkdd', at: AT, entry: LATE }),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await post('/v1/tasks/II.2/progress', null, { unitId: 'vp-dkdd', percent: 10, at: AT, entry: LATE }),
      401,
      'API_KEY_MISSING',
    );
    expectProblem(
      await post(
        '/v1/tasks/II.2/progress',
        null,
        { unitId: 'vp-dkdd', percent: 10, at: AT, entry: LATE },
        { authorization: 'Bearer cchc_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      ),
      401,
      'API_KEY_INVALID',
    );
    expect(await head()).toBe(before);
  });
});

describe('access: each role × each endpoint group', () => {
  const groups: [string, (role: Role | null) => Promise<LightMyRequestResponse>][] = [
    ['read', (role) => demo().app.inject({ url: '/v1/plans', headers: role ? bearer(role) : {} })],
    [
      'audit',
      (role) =>
        demo().app.inject({ url: '/v1/audit/streams/plan-2025/events?limit=1', headers: role ? bearer(role) : {} }),
    ],
    // A schema-invalid body: the role check runs first, so an allowed role gets 400 and nothing is written.
    ['report', (role) => post('/v1/reports', role, { unitId: 'vp-dkdd', year: 2025, period: 'Q9' })],
    ['office', (role) => post('/v1/tasks/II.2/set-deadline', role, { due: 'not-a-date' })],
    ['keys', (role) => demo().app.inject({ url: '/v1/keys', headers: role ? bearer(role) : {} })],
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
});
