import {
  evidenceMarkOf,
  handleTaskCommand,
  TASK_ACTIONS,
  type TaskAction,
  taskCommandSchema,
  taskStreamId,
} from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../access/roles.ts';
import { taskDetailAnswer } from '../answers/tasks.ts';
import { commandBody, optionalYear, parseWith, planYearOf } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { asOfQuery, BACK_DATED_DAYS, taskIdParam, yearParam } from '../http/schemas.ts';
import { answerAsOf } from '../http/send-cached.ts';
import { assertMayActFor } from '../plugins/auth.ts';
import { listAssignments, taskDefinition } from './aggregate-queries.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** A unit's own work is `report`; appraisal, deadlines and assignments are the office's. */
const PERMISSION: Record<TaskAction, Permission> = {
  start: 'report',
  progress: 'report',
  submit: 'report',
  return: 'office',
  complete: 'office',
  reopen: 'office',
  cancel: 'office',
  'set-deadline': 'office',
  excuse: 'office',
  assign: 'office',
  reassign: 'office',
  amend: 'office',
  withdraw: 'office',
};

/** A task with its assignments and every event of its stream; the actions on it, through the task decider. */
export const taskRoutes = routeGroup('tasks', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/tasks/:taskId',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['plans'],
        summary:
          'Một nhiệm vụ: định nghĩa, các đơn vị được giao, toàn bộ sự kiện kèm băm / a task with its assignments and every event',
        params: z.object({ taskId: taskIdParam }),
        querystring: z.object({ year: yearParam.optional(), asOf: asOfQuery.optional() }).strict(),
        response: readResponses(taskDetailAnswer),
      },
    },
    async (request, reply) => {
      const year = await planYearOf(store, request.query.year);
      const stream = taskStreamId(year, request.params.taskId);
      return answerAsOf(readModels, request, reply, request.query.asOf, async (db, position, asOf) => {
        const task = await taskDefinition(db, stream, position, asOf);
        const assignments = await listAssignments(db, position, { taskStream: stream, asOf }, { limit: 1000 });
        const events = (await store.readStream(stream)).filter((e) => e.globalPosition <= position);
        return {
          ...task,
          streamId: stream,
          revision: events.at(-1)?.streamRevision ?? -1,
          assignments: assignments.items,
          events: events.map((e) => {
            const evidence = evidenceMarkOf(e);
            return {
              ...e,
              backDated: Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > BACK_DATED_DAYS * 86_400_000,
              backfilled: e.metadata.source === 'backfill',
              ...(evidence ? { evidence } : {}),
            };
          }),
          position,
        };
      });
    },
  );

  api.post(
    '/v1/tasks',
    {
      config: { permission: 'office' },
      schema: {
        tags: ['tasks'],
        summary:
          'Bổ sung nhiệm vụ phát sinh vào kế hoạch theo quyết định / add a task to the plan mid-year, by decision (AddTask)',
        headers: WRITE_HEADERS,
        body: commandBody(taskCommandSchema, 'AddTask', ['planYear'], optionalYear),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) => {
      const { year, entry: _entry, ...fields } = request.body as Record<string, unknown> & { year?: number };
      const planYear = await planYearOf(store, year);
      return runCommand(services, request, reply, (context) =>
        handleTaskCommand(
          store,
          parseWith(taskCommandSchema, {
            type: 'AddTask',
            planYear,
            at: fields.at ?? new Date().toISOString(),
            ...fields,
          }),
          context,
        ),
      );
    },
  );

  for (const [action, spec] of Object.entries(TASK_ACTIONS) as [TaskAction, (typeof TASK_ACTIONS)[TaskAction]][]) {
    const permission = PERMISSION[action];
    const overrides =
      spec.type === 'ExcuseDelay'
        ? { ...optionalYear, excusedBy: z.string().min(1).max(200).optional() }
        : optionalYear;
    api.post(
      `/v1/tasks/:taskId/${action}`,
      {
        config: { permission },
        schema: {
          tags: ['tasks'],
          summary: `${spec.vi} / ${spec.en} (${spec.type})`,
          params: z.object({ taskId: taskIdParam }),
          headers: WRITE_HEADERS,
          body: commandBody(taskCommandSchema, spec.type, ['planYear', 'taskId'], overrides),
          response: COMMAND_RESPONSES,
        },
      },
      async (request, reply) => {
        const body = request.body as Record<string, unknown> & { year?: number; unitId?: string };
        if (permission === 'report') assertMayActFor(request, body.unitId);
        const { year, entry: _entry, ...fields } = body;
        const planYear = await planYearOf(store, year);
        return runCommand(services, request, reply, (context) => {
          const excusedBy =
            spec.type === 'ExcuseDelay' && fields.excusedBy === undefined ? { excusedBy: context.actor } : {};
          const command = parseWith(taskCommandSchema, {
            type: spec.type,
            planYear,
            taskId: request.params.taskId,
            at: fields.at ?? new Date().toISOString(),
            ...fields,
            ...excusedBy,
          });
          return handleTaskCommand(store, command, context);
        });
      },
    );
  }
});
