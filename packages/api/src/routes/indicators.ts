import { handlePlanCommand, planCommandSchema } from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { indicatorListAnswer } from '../answers/indicators.ts';
import { commandBody, optionalYear, parseWith, planYearOf } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { analysisQuery, planIdParam } from '../http/schemas.ts';
import { answerAsOfList } from '../http/send-cached.ts';
import { indicators } from './aggregate-queries.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** The plan's indicators against their targets; recording a measured value. */
export const indicatorRoutes = routeGroup('indicators', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/indicators',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['indicators'],
        summary: 'Chỉ tiêu so với mục tiêu / indicators against targets',
        querystring: analysisQuery,
        response: readResponses(indicatorListAnswer),
      },
    },
    async (request, reply) =>
      answerAsOfList(readModels, request, reply, request.query.asOf, (db, position, asOf) =>
        indicators(db, position, asOf, request.query.planId ?? null),
      ),
  );

  api.post(
    '/v1/indicators/:indicatorId/values',
    {
      config: { permission: 'office' },
      schema: {
        tags: ['indicators'],
        summary: 'Ghi giá trị chỉ tiêu / RecordIndicator',
        params: z.object({ indicatorId: planIdParam }),
        headers: WRITE_HEADERS,
        body: commandBody(planCommandSchema, 'RecordIndicator', ['indicatorId', 'year'], optionalYear),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) => {
      const { year, entry: _entry, ...fields } = request.body as { year?: number; entry?: unknown };
      const planYear = await planYearOf(store, year);
      const command = parseWith(planCommandSchema, {
        type: 'RecordIndicator',
        at: new Date().toISOString(),
        ...fields,
        year: planYear,
        indicatorId: request.params.indicatorId,
      });
      return runCommand(services, request, reply, (context) => handlePlanCommand(store, command, context));
    },
  );
});
