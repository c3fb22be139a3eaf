import {
  criteriaSetOf,
  departmentIdSchema,
  handleCommand,
  INDEX_COMMAND_ACTIONS,
  type IndexCommand,
  indexCommandSchema,
  shippedCriteriaSets,
} from '@cchc/core';
import { computeDepartmentIndex, indexDossiers, publishIndexCommand, rankDepartments } from '@cchc/projections';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../access/roles.ts';
import {
  criteriaSetAnswer,
  criteriaSetListAnswer,
  departmentIndexAnswer,
  departmentRankingAnswer,
  indexDossierListAnswer,
} from '../answers/department-index.ts';
import { commandBody, parseWith } from '../http/command-bodies.ts';
import { HttpProblem } from '../http/problem.ts';
import { runCommand } from '../http/run-command.ts';
import { asOfQuery, planIdParam, yearParam } from '../http/schemas.ts';
import { answerAsOf, answerRead, nowToTheMinute } from '../http/send-cached.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** The workflow's steps: the office scores, submits and answers; the appraiser does the rest. */
const STEPS = [
  { path: 'self-score', type: 'SelfScoreCriterion', permission: 'office' },
  { path: 'submit', type: 'SubmitIndexDossier', permission: 'office' },
  { path: 'answer', type: 'AnswerExplanation', permission: 'office' },
  { path: 'appraise', type: 'AppraiseCriterion', permission: 'appraise' },
  { path: 'request-explanation', type: 'RequestExplanation', permission: 'appraise' },
  { path: 'survey', type: 'EnterSurveyResults', permission: 'appraise' },
] as const satisfies readonly { path: string; type: IndexCommand['type']; permission: Permission }[];

const departmentParams = z.object({ year: yearParam, departmentId: departmentIdSchema });
const indexQuery = z.object({ planId: planIdParam.optional(), asOf: asOfQuery.optional() }).strict();
const rankingQuery = z
  .object({
    departments: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(,[A-Za-z0-9][A-Za-z0-9._-]*)*$/u)
      .describe('mã các Sở, cách nhau bởi dấu phẩy / department ids, comma-separated'),
    plans: z
      .string()
      .optional()
      .describe('kế hoạch của từng Sở: so-a:ke-hoach-a,so-b:ke-hoach-b / each department’s plan'),
    asOf: asOfQuery.optional(),
  })
  .strict();

/** The department's own CCHC index (issue 14): criteria sets, the workflow, the index and the ranking. */
export const departmentIndexRoutes = routeGroup('department-index', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/index/criteria-sets',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index'],
        summary: 'Các bộ tiêu chí Chỉ số CCHC cấp Sở / the shipped criteria sets',
        response: readResponses(criteriaSetListAnswer),
      },
    },
    async () => ({
      items: [...shippedCriteriaSets().values()].map((s) => ({
        id: s.id,
        version: s.version,
        title: s.title,
        year: s.year,
        example: s.example,
      })),
    }),
  );

  api.get(
    '/v1/index/:year/departments',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index'],
        summary: 'Các Sở có hồ sơ chấm điểm trong năm / the departments holding a dossier for the year',
        params: z.object({ year: yearParam }),
        querystring: z.object({ asOf: asOfQuery.optional() }).strict(),
        response: readResponses(indexDossierListAnswer),
      },
    },
    async (request, reply) =>
      answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => ({
        year: request.params.year,
        asOf,
        position,
        items: await indexDossiers(db, request.params.year, asOf, position),
      })),
  );

  api.get(
    '/v1/index/:year/departments/:departmentId',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index'],
        summary:
          'Chỉ số CCHC của một Sở: tự chấm, thẩm định, cuối cùng theo tiêu chí, lĩnh vực và tổng / one department’s index',
        params: departmentParams,
        querystring: indexQuery,
        response: readResponses(departmentIndexAnswer),
      },
    },
    async (request, reply) =>
      answerAsOf(readModels, request, reply, request.query.asOf, (db, position, asOf) =>
        computeDepartmentIndex(db, {
          departmentId: request.params.departmentId,
          year: request.params.year,
          position,
          asOf,
          ...(request.query.planId ? { planId: request.query.planId } : {}),
        }),
      ),
  );

  api.get(
    '/v1/index/:year/ranking',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index'],
        summary: 'Xếp hạng các Sở theo Chỉ số CCHC / departments ranked by their index',
        params: z.object({ year: yearParam }),
        querystring: rankingQuery,
        response: readResponses(departmentRankingAnswer),
      },
    },
    async (request, reply) => {
      const plans = new Map(
        (request.query.plans ?? '')
          .split(',')
          .filter(Boolean)
          .map((p) => p.split(':') as [string, string]),
      );
      const asOf = request.query.asOf ?? nowToTheMinute();
      return answerRead(
        readModels,
        request,
        reply,
        (db, position) =>
          rankDepartments(
            db,
            request.query.departments
              .split(',')
              .map((d) => ({ departmentId: d, ...(plans.has(d) ? { planId: plans.get(d)! } : {}) })),
            { year: request.params.year, position, asOf },
          ),
        asOf,
      );
    },
  );

  for (const step of STEPS) {
    api.post(
      `/v1/index/:year/departments/:departmentId/${step.path}`,
      {
        config: { permission: step.permission },
        schema: {
          tags: ['department-index'],
          summary: `${INDEX_COMMAND_ACTIONS[step.type].vi} / ${INDEX_COMMAND_ACTIONS[step.type].en} (${step.type})`,
          params: departmentParams,
          headers: WRITE_HEADERS,
          body: commandBody(indexCommandSchema, step.type, ['departmentId', 'year']),
          response: COMMAND_RESPONSES,
        },
      },
      async (request, reply) => {
        const { entry: _entry, ...fields } = (request.body ?? {}) as Record<string, unknown>;
        return runCommand(services, request, reply, (context) =>
          handleCommand(
            store,
            parseWith(indexCommandSchema, {
              type: step.type,
              ...request.params,
              at: fields.at ?? new Date().toISOString(),
              ...fields,
            }),
            context,
          ),
        );
      },
    );
  }

  api.post(
    '/v1/index/:year/departments/:departmentId/publish',
    {
      config: { permission: 'appraise' },
      schema: {
        tags: ['department-index'],
        summary: 'Công bố Chỉ số CCHC của Sở: ghi IndexPublished / publish the index (IndexPublished)',
        params: departmentParams,
        headers: WRITE_HEADERS,
        body: z.object({ planId: planIdParam.optional(), asOf: asOfQuery.optional() }).strict().optional(),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) =>
      runCommand(services, request, reply, async (context) => {
        const at = new Date().toISOString();
        const { value: index } = await readModels.read((db, position) =>
          computeDepartmentIndex(db, {
            ...request.params,
            position,
            asOf: request.body?.asOf ?? at,
            ...(request.body?.planId ? { planId: request.body.planId } : {}),
          }),
        );
        const command = parseWith(indexCommandSchema, publishIndexCommand(index, at));
        const outcome = await handleCommand(store, command, context);
        return {
          ...outcome,
          details: { final: index.published.final, band: index.published.band, inputsHash: index.inputsHash },
        };
      }),
  );

  // A criteria set by id and version, for whoever edits the province's set next to the example.
  api.get(
    '/v1/index/criteria-sets/:id/:version',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index'],
        summary: 'Một bộ tiêu chí (cây, điểm tối đa, cách chấm, ngưỡng, thời hạn) / one criteria set',
        params: z.object({ id: z.string().max(100), version: z.coerce.number().int().min(1) }),
        response: readResponses(criteriaSetAnswer),
      },
    },
    async (request) => {
      const set = criteriaSetOf(request.params);
      if (!set) {
        throw new HttpProblem('NOT_FOUND', {
          vi: `không có bộ tiêu chí ${request.params.id}@${request.params.version}`,
          en: `no criteria set ${request.params.id}@${request.params.version}`,
        });
      }
      return set;
    },
  );
});
