import { unitIdSchema } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiKeyRecord } from '../access/api-keys.ts';
import { ROLES } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { PROBLEMS } from './openapi-shapes.ts';

const shown = ({ secretSha256: _hash, ...record }: ApiKeyRecord) => record;

/** Keys, for admins; the CLI's `cchc keys` does the same on the same file. */
export async function keyRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const admin = { permission: 'keys' as const };
  api.get(
    '/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Các khóa API (không có bí mật) / API keys (no secrets)',
        response: { 200: z.unknown(), ...PROBLEMS },
      },
    },
    async () => ({
      items: services.keys.list().map(shown),
    }),
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
        response: { 201: z.unknown(), ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { role, unitId, label } = request.body;
      const { key, record } = services.keys.create({
        role,
        ...(unitId ? { unitId } : {}),
        ...(label ? { label } : {}),
      });
      return reply.code(201).send({ key, ...shown(record) });
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
        response: { 200: z.unknown(), ...PROBLEMS },
      },
    },
    async (request) => shown(services.keys.revoke(request.params.keyId)),
  );
}
