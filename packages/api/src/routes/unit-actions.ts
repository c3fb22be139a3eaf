import { handlePlanCommand, handleUnitCommand, planCommandSchema, unitCommandSchema } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServices } from '../api-services.ts';
import { commandBody, optionalYear, parseWith, planYearOf } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { planIdParam, unitIdParam } from '../http/schemas.ts';
import { assertMayActFor } from '../plugins/auth.ts';
import { COMMAND_RESPONSES, WRITE_HEADERS } from './openapi-shapes.ts';

/** Actions on an existing unit (office): URL action → command type. */
const UNIT_ACTIONS = {
  rename: { type: 'RenameUnit', vi: 'Đổi tên' },
  merge: { type: 'MergeUnit', vi: 'Sáp nhập vào đơn vị khác (chuyển cả nhiệm vụ)' },
  split: { type: 'SplitUnit', vi: 'Chia tách (chuyển nhiệm vụ cho assignmentsTo)' },
  initiative: { type: 'RecognizeInitiative', vi: 'Sáng kiến được công nhận' },
  criticism: { type: 'RecordCriticism', vi: 'Phê bình' },
  sanction: { type: 'RecordSanction', vi: 'Kỷ luật' },
} as const;

const now = () => new Date().toISOString();

/** Units, periodic reports and indicators: the writes that are not on a task. */
export async function unitActionRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store } = services;

  api.post(
    '/v1/units',
    {
      config: { permission: 'office' },
      schema: {
        tags: ['units'],
        summary: 'Thành lập đơn vị / EstablishUnit',
        headers: WRITE_HEADERS,
        body: commandBody(unitCommandSchema, 'EstablishUnit', []),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) => {
      const command = parseWith(unitCommandSchema, { type: 'EstablishUnit', at: now(), ...request.body });
      return runCommand(services, request, reply, (context) => handleUnitCommand(store, command, context));
    },
  );

  for (const [action, spec] of Object.entries(UNIT_ACTIONS)) {
    api.post(
      `/v1/units/:unitId/${action}`,
      {
        config: { permission: 'office' },
        schema: {
          tags: ['units'],
          summary: `${spec.vi} / ${spec.type}`,
          params: z.object({ unitId: unitIdParam }),
          headers: WRITE_HEADERS,
          body: commandBody(unitCommandSchema, spec.type, ['unitId']),
          response: COMMAND_RESPONSES,
        },
      },
      async (request, reply) => {
        const command = parseWith(unitCommandSchema, {
          type: spec.type,
          at: now(),
          ...request.body,
          unitId: request.params.unitId,
        });
        return runCommand(services, request, reply, (context) =>
          handleUnitCommand(store, command, context, services.directory),
        );
      },
    );
  }

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
      const command = parseWith(unitCommandSchema, { type: 'SubmitPeriodicReport', at: now(), ...request.body });
      return runCommand(services, request, reply, (context) => handleUnitCommand(store, command, context));
    },
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
      const { year, ...fields } = request.body as { year?: number };
      const planYear = await planYearOf(store, year);
      const command = parseWith(planCommandSchema, {
        type: 'RecordIndicator',
        at: now(),
        ...fields,
        year: planYear,
        indicatorId: request.params.indicatorId,
      });
      return runCommand(services, request, reply, (context) => handlePlanCommand(store, command, context));
    },
  );
}
