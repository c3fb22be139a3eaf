import { type Entry, handleUnitCommand, splitEntry, unitCommandSchema } from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportListAnswer } from '../answers/reports.ts';
import { commandBody, parseWith } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { asOfQuery, planIdParam, unitIdParam } from '../http/schemas.ts';
import { answerAsOfList } from '../http/send-cached.ts';
import { assertMayActFor } from '../plugins/auth.ts';
import { reportItems } from './aggregate-queries.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** Periodic reports: which were received on time, late or not at all; a unit sending one. */
export const reportRoutes = routeGroup('reports', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/reports',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['reports'],
        summary: 'Báo cáo định kỳ: đúng hạn, trễ, thiếu / periodic reports: on time, late, missing',
        querystring: z
          .object({ planId: planIdParam.optional(), unit: unitIdParam.optional(), asOf: asOfQuery.optional() })
          .strict(),
        response: readResponses(reportListAnswer),
      },
    },
    async (request, reply) =>
      answerAsOfList(readModels, request, reply, request.query.asOf, (db, position, asOf) =>
        reportItems(db, position, asOf, { planId: request.query.planId ?? null, unitId: request.query.unit ?? null }),
      ),
  );

  api.post(
    '/v1/reports',
    {
      config: { permission: 'report' },
      schema: {
        tags: ['reports'],
        summary: 'Gửi báo cáo định kỳ / SubmitPeriodicReport',
        headers: WRITE_HEADERS,
        body: commandBody(unitCommandSchema, 'SubmitPeriodicReport', []),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) => {
      const body = request.body as { unitId: string };
      assertMayActFor(request, body.unitId);
      const { fields } = splitEntry(request.body as { entry?: Entry });
      const command = parseWith(unitCommandSchema, {
        type: 'SubmitPeriodicReport',
        at: new Date().toISOString(),
        ...fields,
      });
      return runCommand(services, request, reply, (context) => handleUnitCommand(store, command, context));
    },
  );
});
