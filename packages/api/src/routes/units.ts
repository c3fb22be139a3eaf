import { type Entry, handleUnitCommand, NotFoundError, splitEntry, unitCommandSchema } from '@cchc/core';
import { explainUnit } from '@cchc/projections';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { explanationAnswer, scorecardAnswer, unitAtAnswer, unitListAnswer } from '../answers/units.ts';
import { commandBody, parseWith } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { unitIdParam } from '../http/schemas.ts';
import { answerRead, nowToTheMinute } from '../http/send-cached.ts';
import { listUnits } from './aggregate-queries.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { explainQuery, rulebookOf, unitScoreQuery } from './ranking-queries.ts';
import { routeGroup } from './route-group.ts';

/** Actions on an existing unit (office): URL action → command type. */
const UNIT_ACTIONS = {
  rename: { type: 'RenameUnit', vi: 'Đổi tên' },
  merge: { type: 'MergeUnit', vi: 'Sáp nhập vào đơn vị khác (chuyển cả nhiệm vụ)' },
  split: { type: 'SplitUnit', vi: 'Chia tách (chuyển nhiệm vụ cho assignmentsTo)' },
  initiative: { type: 'RecogniseInitiative', vi: 'Sáng kiến được công nhận' },
  criticism: { type: 'RecordCriticism', vi: 'Phê bình' },
  sanction: { type: 'RecordSanction', vi: 'Kỷ luật' },
} as const;

const now = () => new Date().toISOString();

/** Units with their lineage, a unit's scorecard and explanation; establishing and changing units. */
export const unitRoutes = routeGroup('units', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;
  const read = { permission: 'read' as const };
  const unitParams = z.object({ unitId: unitIdParam });

  api.get(
    '/v1/units',
    {
      config: read,
      schema: {
        tags: ['units'],
        summary: 'Đơn vị và quá trình thay đổi / units with lineage',
        response: readResponses(unitListAnswer),
      },
    },
    async (request, reply) =>
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
        params: unitParams,
        response: readResponses(unitAtAnswer),
      },
    },
    async (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => {
        const [unit] = await listUnits(db, position, request.params.unitId);
        if (!unit)
          throw new NotFoundError(`Không có đơn vị ${request.params.unitId}`, `no unit ${request.params.unitId}`);
        return { ...unit, position };
      }),
  );

  api.get(
    '/v1/units/:unitId/scorecard',
    {
      config: read,
      schema: {
        tags: ['units'],
        summary: 'Điểm của một đơn vị / a unit’s scorecard',
        params: unitParams,
        querystring: unitScoreQuery,
        response: readResponses(scorecardAnswer),
      },
    },
    async (request, reply) => {
      const now = nowToTheMinute();
      return answerRead(
        readModels,
        request,
        reply,
        async (db, position) => {
          const rulebook = await rulebookOf(db, request.query.rulebook);
          const x = await explainUnit(db, {
            unitId: request.params.unitId,
            position,
            ...explainQuery(request.query, now),
            ...(rulebook ? { rulebook } : {}),
          });
          return {
            planId: x.planId,
            year: x.year,
            asOf: x.asOf,
            cutoff: x.cutoff,
            provisional: x.provisional,
            position: x.position,
            rulebook: x.rulebook,
            inputsHash: x.inputsHash,
            ...x.unit,
            base: x.base,
            weights: x.weights,
          };
        },
        now,
      );
    },
  );

  api.get(
    '/v1/units/:unitId/explanation',
    {
      config: read,
      schema: {
        tags: ['units'],
        summary: 'Giải trình từng điểm số, kèm mã sự kiện / every number behind the score, with event ids',
        params: unitParams,
        querystring: unitScoreQuery,
        response: readResponses(explanationAnswer),
      },
    },
    async (request, reply) => {
      const now = nowToTheMinute();
      return answerRead(
        readModels,
        request,
        reply,
        async (db, position) => {
          const rulebook = await rulebookOf(db, request.query.rulebook);
          return explainUnit(db, {
            unitId: request.params.unitId,
            position,
            ...explainQuery(request.query, now),
            ...(rulebook ? { rulebook } : {}),
          });
        },
        now,
      );
    },
  );

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
      const { fields } = splitEntry(request.body as { entry?: Entry });
      const command = parseWith(unitCommandSchema, { type: 'EstablishUnit', at: now(), ...fields });
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
          params: unitParams,
          headers: WRITE_HEADERS,
          body: commandBody(unitCommandSchema, spec.type, ['unitId']),
          response: COMMAND_RESPONSES,
        },
      },
      async (request, reply) => {
        const { fields } = splitEntry(request.body as { entry?: Entry });
        const command = parseWith(unitCommandSchema, {
          type: spec.type,
          at: now(),
          ...fields,
          unitId: request.params.unitId,
        });
        return runCommand(services, request, reply, (context) =>
          handleUnitCommand(store, command, context, services.directory),
        );
      },
    );
  }
});
