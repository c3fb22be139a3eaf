import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AT, expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';
import { demoApi } from '../testing/demo-services.ts';

/** Issue 17, findings 2 (lock-out and id probing), 6 (bodies read before authentication) and 8 (long ids). */
describe('failed authentication is limited per address; quota counts only verified keys (finding 2)', () => {
  it('150 requests with a victim’s key id and wrong secrets do not lock the victim out', async () => {
    const api = await demoApi({ rateLimitPerMinute: 100, failedAuthPerMinute: 20 });
    try {
      const victim = api.key.analyst;
      const keyId = /^cchc_([a-f0-9]{12})_/.exec(victim)![1]!;
      const forged = `cchc_${keyId}_${'A'.repeat(43)}`;
      const statuses = new Set<number>();
      for (let i = 0; i < 150; i++) {
        const res = await api.app.inject({ url: '/v1/plans', headers: { authorization: `Bearer ${forged}` } });
        statuses.add(res.statusCode);
      }
      // The attacker is refused, then limited by address…
      expect([...statuses].sort()).toEqual([401, 429]);
      // …while the victim's quota is untouched.
      const real = await api.app.inject({ url: '/v1/plans', headers: { authorization: `Bearer ${victim}` } });
      expect(real.statusCode, real.body).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('made-up key ids share their address’s failure budget (they do not escape the limit)', async () => {
    const api = await demoApi({ rateLimitPerMinute: 100, failedAuthPerMinute: 20 });
    try {
      let limited = 0;
      for (let i = 0; i < 60; i++) {
        const id = i.toString(16).padStart(12, '0');
        const res = await api.app.inject({
          url: '/v1/plans',
          headers: { authorization: `Bearer cchc_${id}_${'B'.repeat(43)}` },
        });
        if (res.statusCode === 429) {
          limited++;
          expectProblem(res, 429, 'RATE_LIMITED');
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
        } else expect(res.statusCode).toBe(401);
      }
      expect(limited).toBe(40);
      // Another address is not affected.
      const other = await api.app.inject({
        url: '/v1/plans',
        remoteAddress: '10.1.2.3',
        headers: { authorization: 'Bearer cchc_ffffffffffff_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await api.close();
    }
  });
});

describe('authentication comes before the body (finding 6)', () => {
  const { demo, post } = useDemoApi();

  it('an unauthenticated write with a malformed, or too large, body is 401, not a parse error', async () => {
    expectProblem(
      await post('/v1/tasks/II.3/progress', null, '{"unitId": "vp-dkdd", "percent": ', {
        'content-type': 'application/json',
      }),
      401,
      'API_KEY_MISSING',
    );
    expectProblem(
      await post('/v1/tasks/II.3/progress', null, `{"x":"${'y'.repeat(400_000)}"}`, {
        'content-type': 'application/json',
        authorization: 'Bearer cchc_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      }),
      401,
      'API_KEY_INVALID',
    );
  });

  it('over a socket: a 50 MiB upload without a key is answered after its headers, and the connection closed', async () => {
    const url = await demo().app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n',
        );
        socket.write(`{"planId":"${'z'.repeat(64 * 1024)}`);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', (e: NodeJS.ErrnoException) =>
        e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve(text) : reject(e),
      );
      setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 5_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('API_KEY_MISSING');
  });
});

describe('over-long ids (finding 8)', () => {
  const { get, post } = useDemoApi();

  it('answer problem+json 400 in a path or a query, whatever their length', async () => {
    for (const length of [201, 250, 5_000]) {
      expectProblem(await get(`/v1/tasks/${'I'.repeat(length)}`), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`/v1/units/${'u'.repeat(length)}`), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`/v1/plans/cchc-2025/tasks?unit=${'u'.repeat(length)}`), 400, 'VALIDATION_FAILED');
      expectProblem(
        await post(`/v1/tasks/${'I'.repeat(length)}/progress`, 'office', { unitId: 'vp-dkdd', percent: 5, at: AT }),
        400,
        'VALIDATION_FAILED',
      );
    }
  });
});
