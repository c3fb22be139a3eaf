import { NotFoundError, unitIdSchema, unitStreamId } from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiKeyRecord } from '../access/api-keys.ts';
import { PERMISSIONS, ROLES, roleMay } from '../access/roles.ts';
import { issuedKeyAnswer, keyAnswer, keyListAnswer, meAnswer } from '../answers/operations.ts';
import { principalOf } from '../plugins/auth.ts';
import { jsonResponses, PROBLEMS, sendJson } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

const shown = ({ secretSha256: _hash, ...record }: ApiKeyRecord) => record;

/** Keys, for admins; the CLI's `cchc keys` does the same on the same file. */
export const keyRoutes = routeGroup('keys', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const admin = { permission: 'keys' as const };
  api.get(
    '/v1/me',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['keys'],
        summary: 'Khóa đang dùng: vai trò, đơn vị, quyền / the calling key: role, unit, permissions',
        response: jsonResponses(meAnswer),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      return sendJson(reply, {
        keyId: p.keyId,
        role: p.role,
        unitId: p.unitId ?? null,
        label: p.label ?? null,
        permissions: PERMISSIONS.filter((permission) => roleMay(p.role, permission)),
      });
    },
  );
  api.get(
    '/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Các khóa API (không có bí mật) / API keys (no secrets)',
        response: jsonResponses(keyListAnswer),
      },
    },
    async (_request, reply) => sendJson(reply, { items: services.keys.list().map(shown) }),
  );
  api.post(
    '/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Cấp khóa; khóa chỉ hiện một lần / issue a key; it is shown once',
        body: z
          .object({ role: z.enum(ROLES), unitId: unitIdSchema.optional(), label: z.string().max(100).optional() })
          .strict(),
        response: { 201: issuedKeyAnswer, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { role, unitId, label } = request.body;
      if (unitId !== undefined) {
        const events = await services.store.readStream(unitStreamId(unitId));
        if (!events.some((e) => e.type === 'UnitEstablished')) {
          throw new NotFoundError(`Không có đơn vị ${unitId} trong sổ cái`, `no unit ${unitId} in the ledger`);
        }
      }
      const { key, record } = await services.keys.create({
        role,
        ...(unitId ? { unitId } : {}),
        ...(label ? { label } : {}),
      });
      return sendJson(reply, { key, ...shown(record) }, 201);
    },
  );
  api.delete(
    '/v1/keys/:keyId',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Thu hồi khóa / revoke a key',
        params: z.object({ keyId: z.string().regex(/^[a-f0-9]{12}$/) }),
        response: jsonResponses(keyAnswer),
      },
    },
    async (request, reply) => sendJson(reply, shown(await services.keys.revoke(request.params.keyId))),
  );
});
