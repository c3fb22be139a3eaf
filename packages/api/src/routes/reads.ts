import { NotFoundError, taskStreamId } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServices } from '../api-services.ts';
import { planYearOf } from '../http/command-bodies.ts';
import {
  areaQuery,
  asOfQuery,
  booleanQuery,
  cursorQuery,
  limitQuery,
  planIdParam,
  taskIdParam,
  unitIdParam,
  yearParam,
} from '../http/schemas.ts';
import { answerAsOf, answerRead } from '../http/send-cached.ts';
import {
  ASSIGNMENT_STATUSES,
  backDated,
  indicators,
  listAssignments,
  listPlans,
  listUnits,
  planExists,
  progressByArea,
  reportItems,
  taskDefinition,
} from './aggregate-queries.ts';
import { READ_RESPONSES } from './openapi-shapes.ts';

const statusCodes = Object.keys(ASSIGNMENT_STATUSES) as [
  keyof typeof ASSIGNMENT_STATUSES,
  ...(keyof typeof ASSIGNMENT_STATUSES)[],
];
const planFilter = { planId: planIdParam.optional() };
const read = { permission: 'read' as const };
const BACK_DATED_DAYS = 7;
const OK = READ_RESPONSES;

/** Plans, tasks and their history, units, and the analyses "as of" any instant (default: now). */
export async function readRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/plans',
    { config: read, schema: { tags: ['plans'], summary: 'Các kế hoạch / plans', response: OK } },
    (request, reply) =>
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
            status: z.enum(statusCodes).optional(),
            overdue: booleanQuery.optional(),
            asOf: asOfQuery.optional(),
            cursor: cursorQuery.optional(),
            limit: limitQuery,
          })
          .strict(),
        response: OK,
      },
    },
    (request, reply) => {
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
    '/v1/tasks/:taskId',
    {
      config: read,
      schema: {
        tags: ['plans'],
        summary:
          'Một nhiệm vụ: định nghĩa, các đơn vị được giao, toàn bộ sự kiện kèm băm / a task with its assignments and every event',
        params: z.object({ taskId: taskIdParam }),
        querystring: z.object({ year: yearParam.optional(), asOf: asOfQuery.optional() }).strict(),
        response: OK,
      },
    },
    async (request, reply) => {
      const year = await planYearOf(store, request.query.year);
      const stream = taskStreamId(year, request.params.taskId);
      return answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => {
        const task = await taskDefinition(db, stream, position);
        const assignments = await listAssignments(db, position, { taskStream: stream, asOf }, { limit: 1000 });
        const events = (await store.readStream(stream)).filter((e) => e.globalPosition <= position);
        return {
          ...task,
          streamId: stream,
          revision: events.at(-1)?.streamRevision ?? -1,
          assignments: assignments.items,
          events: events.map((e) => ({
            ...e,
            // As /v1/back-dated (default 7 days): recorded more than 7 days after it happened.
            backDated: Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > BACK_DATED_DAYS * 86_400_000,
            backfilled: e.metadata.source === 'backfill',
          })),
          position,
        };
      });
    },
  );

  api.get(
    '/v1/units',
    {
      config: read,
      schema: { tags: ['units'], summary: 'Đơn vị và quá trình thay đổi / units with lineage', response: OK },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => ({
        items: await listUnits(db, position),
        position,
      })),
  );

  api.get(
    '/v1/units/:unitId',
    {
      config: read,
      schema: {
        tags: ['units'],
        summary: 'Một đơn vị / one unit',
        params: z.object({ unitId: unitIdParam }),
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => {
        const [unit] = await listUnits(db, position, request.params.unitId);
        if (!unit)
          throw new NotFoundError(`Không có đơn vị ${request.params.unitId}`, `no unit ${request.params.unitId}`);
        return { ...unit, position };
      }),
  );

  const analysisQuery = z.object({ ...planFilter, asOf: asOfQuery.optional() }).strict();
  api.get(
    '/v1/progress',
    {
      config: read,
      schema: {
        tags: ['analyses'],
        summary: 'Tiến độ theo lĩnh vực I–VII / progress by area',
        querystring: analysisQuery,
        response: OK,
      },
    },
    (request, reply) =>
      answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => ({
        asOf,
        position,
        items: await progressByArea(db, position, asOf, request.query.planId ?? null),
      })),
  );

  api.get(
    '/v1/reports',
    {
      config: read,
      schema: {
        tags: ['reports'],
        summary: 'Báo cáo định kỳ: đúng hạn, trễ, thiếu / periodic reports: on time, late, missing',
        querystring: z.object({ ...planFilter, unit: unitIdParam.optional(), asOf: asOfQuery.optional() }).strict(),
        response: OK,
      },
    },
    (request, reply) =>
      answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => ({
        asOf,
        position,
        items: await reportItems(db, position, asOf, {
          planId: request.query.planId ?? null,
          unitId: request.query.unit ?? null,
        }),
      })),
  );

  api.get(
    '/v1/indicators',
    {
      config: read,
      schema: {
        tags: ['indicators'],
        summary: 'Chỉ tiêu so với mục tiêu / indicators against targets',
        querystring: analysisQuery,
        response: OK,
      },
    },
    (request, reply) =>
      answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => ({
        asOf,
        position,
        items: await indicators(db, position, asOf, request.query.planId ?? null),
      })),
  );

  api.get(
    '/v1/back-dated',
    {
      config: read,
      schema: {
        tags: ['audit'],
        summary:
          'Sự kiện ghi nhận muộn hơn N ngày sau khi xảy ra / events recorded more than N days after they happened',
        querystring: z
          .object({
            days: z.coerce.number().int().min(0).max(3650).default(BACK_DATED_DAYS),
            cursor: cursorQuery.optional(),
            limit: limitQuery,
          })
          .strict(),
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, (db, position) =>
        backDated(db, position, request.query.days, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: request.query.limit,
        }),
      ),
  );
}
