import {
  applyPlan,
  createUnitRegistry,
  entrySchema,
  instantSchema,
  planDefinitionSchema,
  splitEntry,
  unitsFileSchema,
} from '@cchc/core';
import { planAmendments } from '@cchc/projections';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/roles.ts';
import {
  assignmentPageAnswer,
  assignmentStatusCodeAnswer,
  planAmendmentsAnswer,
  planListAnswer,
  progressAnswer,
} from '../answers/plans.ts';
import {
  analysisQuery,
  areaQuery,
  asOfQuery,
  booleanQuery,
  cursorQuery,
  limitQuery,
  planIdParam,
  unitIdParam,
} from '../http/schemas.ts';
import { answerAsOf, answerAsOfList, answerRead } from '../http/send-cached.ts';
import { principalOf } from '../plugins/auth.ts';
import { listAssignments, listPlans, planExists, progressByArea } from './aggregate-queries.ts';
import { PROBLEMS, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

const applyResult = z.object({
  written: z.number(),
  alreadyThere: z.number(),
  unitsEstablished: z.number(),
  unitsExisting: z.number(),
  tasksDefined: z.number(),
});

/** Plans, their assignments and progress by area; recording a plan definition (as `cchc plan apply`). */
export const planRoutes = routeGroup('plans', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels } = services;
  const read = { permission: 'read' as const };

  api.get(
    '/v1/plans',
    {
      config: read,
      schema: { tags: ['plans'], summary: 'Các kế hoạch / plans', response: readResponses(planListAnswer) },
    },
    async (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => ({
        items: await listPlans(db, position),
        position,
      })),
  );

  api.get(
    '/v1/plans/:planId/tasks',
    {
      config: read,
      schema: {
        tags: ['plans'],
        summary: 'Nhiệm vụ được giao theo đơn vị và trạng thái / assignments, filtered',
        params: z.object({ planId: planIdParam }),
        querystring: z
          .object({
            area: areaQuery.optional(),
            unit: unitIdParam.optional(),
            status: assignmentStatusCodeAnswer.optional(),
            overdue: booleanQuery.optional(),
            asOf: asOfQuery.optional(),
            cursor: cursorQuery.optional(),
            limit: limitQuery,
          })
          .strict(),
        response: readResponses(assignmentPageAnswer),
      },
    },
    async (request, reply) => {
      const q = request.query;
      return answerAsOf(readModels, request, reply, q.asOf, async (db, position, asOf) => {
        await planExists(db, request.params.planId);
        return listAssignments(
          db,
          position,
          {
            planId: request.params.planId,
            asOf,
            ...(q.area ? { area: q.area } : {}),
            ...(q.unit ? { unitId: q.unit } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
          },
          { ...(q.cursor ? { cursor: q.cursor } : {}), limit: q.limit },
        );
      });
    },
  );

  api.get(
    '/v1/plans/:planId/amendments',
    {
      config: read,
      schema: {
        tags: ['plans'],
        summary:
          'Lịch sử điều chỉnh kế hoạch: nhiệm vụ bổ sung, điều chỉnh, đổi thời hạn, rút, kèm quyết định / the plan’s amendments with their decisions',
        params: z.object({ planId: planIdParam }),
        querystring: z.object({ asOf: asOfQuery.optional() }).strict(),
        response: readResponses(planAmendmentsAnswer),
      },
    },
    async (request, reply) =>
      answerAsOfList(readModels, request, reply, request.query.asOf, async (db, position, asOf) => {
        await planExists(db, request.params.planId);
        return planAmendments(db, { asOf, position, planId: request.params.planId });
      }),
  );

  api.get(
    '/v1/progress',
    {
      config: read,
      schema: {
        tags: ['analyses'],
        summary: 'Tiến độ theo lĩnh vực I–VII / progress by area',
        querystring: analysisQuery,
        response: readResponses(progressAnswer),
      },
    },
    async (request, reply) =>
      answerAsOfList(readModels, request, reply, request.query.asOf, (db, position, asOf) =>
        progressByArea(db, position, asOf, request.query.planId ?? null),
      ),
  );

  api.post(
    '/v1/plans',
    {
      config: { permission: 'office' },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['plans'],
        summary:
          'Ghi kế hoạch, đơn vị và nhiệm vụ (như cchc plan apply; lần hai không ghi gì) / record a plan definition',
        headers: WRITE_HEADERS,
        body: z
          .object({
            plan: planDefinitionSchema,
            units: unitsFileSchema,
            at: instantSchema.optional(),
            entry: entrySchema.optional(),
          })
          .strict(),
        response: { 200: applyResult, 201: applyResult, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { plan, units, at } = request.body;
      const principal = principalOf(request);
      const { context: entry } = splitEntry(request.body);
      const result = await applyPlan(services.store, plan, createUnitRegistry(units), {
        at: at ?? new Date().toISOString(),
        context: { ...entry, actor: actorOf(principal), source: 'api', correlationId: String(request.id) },
      });
      if (result.written > 0) services.metrics.appendedEvents.inc({ type: 'plan-apply' }, result.written);
      return reply.code(result.written > 0 ? 201 : 200).send(result);
    },
  );
});
