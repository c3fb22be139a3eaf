import { applyPlan, createUnitRegistry, instantSchema, planDefinitionSchema, unitsFileSchema } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { principalOf } from '../plugins/auth.ts';
import { PROBLEMS, WRITE_HEADERS } from './openapi-shapes.ts';

/** Recording a plan definition (what `cchc plan apply` does), for the office. */
export async function planWriteRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/plans',
    {
      config: { permission: 'office' },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['plans'],
        summary:
          'Ghi kế hoạch, đơn vị và nhiệm vụ (như cchc plan apply; lần hai không ghi gì) / record a plan definition',
        headers: WRITE_HEADERS,
        body: z.object({ plan: planDefinitionSchema, units: unitsFileSchema, at: instantSchema.optional() }).strict(),
        response: {
          200: z.object({
            written: z.number(),
            alreadyThere: z.number(),
            unitsEstablished: z.number(),
            unitsExisting: z.number(),
            tasksDefined: z.number(),
          }),
          201: z.object({
            written: z.number(),
            alreadyThere: z.number(),
            unitsEstablished: z.number(),
            unitsExisting: z.number(),
            tasksDefined: z.number(),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { plan, units, at } = request.body;
      const principal = principalOf(request);
      const result = await applyPlan(services.store, plan, createUnitRegistry(units), {
        at: at ?? new Date().toISOString(),
        context: { actor: actorOf(principal), source: 'api', correlationId: String(request.id) },
      });
      if (result.written > 0) services.metrics.appendedEvents.inc({ type: 'plan-apply' }, result.written);
      return reply.code(result.written > 0 ? 201 : 200).send(result);
    },
  );
}
