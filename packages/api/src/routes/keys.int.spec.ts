import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, bearer, get, post } = useDemoApi();

describe('keys', () => {
  it('keys issued by an admin work at once; a revoked key is refused', async () => {
    const created = await post('/v1/keys', 'admin', { role: 'inspector', label: 'thanh tra' });
    expect(created.statusCode, created.body).toBe(201);
    const { key, keyId } = created.json();
    expect(created.body).not.toContain('secretSha256');
    expect(
      (await demo().app.inject({ url: '/v1/audit/verify', headers: { authorization: `Bearer ${key}` } })).json(),
    ).toMatchObject({ ok: true });
    expect(
      (await demo().app.inject({ method: 'DELETE', url: `/v1/keys/${keyId}`, headers: bearer('admin') })).statusCode,
    ).toBe(200);
    expectProblem(await demo().app.inject({ url: '/v1/plans', headers: { 'x-api-key': key } }), 401, 'API_KEY_INVALID');
  });

  it('a reporter key is issued only for a unit the ledger knows', async () => {
    expectProblem(await post('/v1/keys', 'admin', { role: 'reporter', unitId: 'khong-co' }), 404, 'NOT_FOUND');
    const created = await post('/v1/keys', 'admin', { role: 'reporter', unitId: 'vp-dkdd' });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('a key file broken while serving leaves the keys last read in force', async () => {
    const file = join(demo().dataDir, 'api-keys.json');
    const good = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, '{ "version": 1, "keys": [ broken');
      expect((await get('/v1/plans')).statusCode).toBe(200);
      expect(demo().keys.lastError?.message).toContain('api-keys.json');
    } finally {
      writeFileSync(file, good);
    }
  });
});
