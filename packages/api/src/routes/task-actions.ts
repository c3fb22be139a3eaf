import { handleTaskCommand, TASK_ACTIONS, type TaskAction, taskCommandSchema } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { commandBody, optionalYear, parseWith, planYearOf } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { taskIdParam } from '../http/schemas.ts';
import { assertMayActFor } from '../plugins/auth.ts';
import { COMMAND_RESPONSES, WRITE_HEADERS } from './openapi-shapes.ts';

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
};

export async function taskActionRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
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
        const { year, ...fields } = body;
        const planYear = await planYearOf(services.store, year);
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
          return handleTaskCommand(services.store, command, context);
        });
      },
    );
  }
}
