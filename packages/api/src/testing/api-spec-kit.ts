import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../access/roles.ts';
import type { AppOptions } from '../app.ts';
import { type DemoApi, demoApi } from './demo-services.ts';

/** When the API tests' actions happened, as sent in `at`. */
export const AT = '2025-11-20T09:00:00+07:00';
/** Writes dated AT reach the API a year later: each says it is a late entry (the office learns it now). */
export const LATE = { kind: 'late', reason: 'thử nghiệm API: báo muộn / API test: reported late' } as const;

/**
 * The API on the demo year for one spec file (opened before its tests, closed after), with
 * request helpers that present the key of a role.
 */
export function useDemoApi(options: AppOptions & { reporterUnit?: string } = {}) {
  let opened: DemoApi | undefined;
  beforeAll(async () => {
    opened = await demoApi(options);
  });
  afterAll(() => opened?.close());

  const demo = (): DemoApi => {
    if (!opened) throw new TypeError('the demo API is opened in beforeAll');
    return opened;
  };
  const bearer = (role: Role) => ({ authorization: `Bearer ${demo().key[role]}` });
  return {
    demo,
    bearer,
    get: (url: string, role: Role = 'analyst', headers: Record<string, string> = {}) =>
      demo().app.inject({ method: 'GET', url, headers: { ...bearer(role), ...headers } }),
    post: (url: string, role: Role | null, payload: unknown, headers: Record<string, string> = {}) =>
      demo().app.inject({
        method: 'POST',
        url,
        headers: { ...(role ? bearer(role) : {}), ...headers },
        payload: payload as InjectOptions['payload'],
      }),
    head: () => demo().store.headPosition(),
  };
}

/** Asserts a problem+json answer with its status (and code), in both languages; returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
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
