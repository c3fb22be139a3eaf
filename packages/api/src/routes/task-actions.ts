import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleTaskCommand, taskCommandSchema } from '@cchc/core';
import type { Permission } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { commandBody, optionalYear, parseWith, planYearOf } from '../http/command-bodies.ts';
import { runCommand } from '../http/run-command.ts';
import { taskIdParam } from '../http/schemas.ts';
import { assertMayActFor } from '../plugins/auth.ts';
import { COMMAND_RESPONSES, WRITE_HEADERS } from './openapi-shapes.ts';

/** URL action → command type; a unit's own work is `report`, appraisal and deadlines are `office`. */
const TASK_ACTIONS = {
  start: { type: 'StartTask', permission: 'report', vi: 'Bắt đầu thực hiện' },
  progress: { type: 'ReportProgress', permission: 'report', vi: 'Báo cáo tiến độ' },
  submit: { type: 'SubmitProduct', permission: 'report', vi: 'Nộp sản phẩm' },
  return: { type: 'ReturnProduct', permission: 'office', vi: 'Trả lại sản phẩm' },
  complete: { type: 'CompleteTask', permission: 'office', vi: 'Xác nhận hoàn thành' },
  reopen: { type: 'ReopenTask', permission: 'office', vi: 'Mở lại' },
  cancel: { type: 'CancelTask', permission: 'office', vi: 'Hủy (không unitId: cả nhiệm vụ)' },
  'set-deadline': { type: 'SetDeadline', permission: 'office', vi: 'Đặt/đổi thời hạn theo văn bản' },
  excuse: { type: 'ExcuseDelay', permission: 'office', vi: 'Miễn trễ hạn do nguyên nhân khách quan' },
  assign: { type: 'AssignTask', permission: 'office', vi: 'Giao thêm đơn vị' },
  reassign: { type: 'ReassignTask', permission: 'office', vi: 'Giao lại cho đơn vị khác' },
} as const satisfies Record<string, { type: string; permission: Permission; vi: string }>;

export async function taskActionRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const [action, spec] of Object.entries(TASK_ACTIONS)) {
    const overrides = spec.type === 'ExcuseDelay' ? { ...optionalYear, excusedBy: z.string().min(1).max(200).optional() } : optionalYear;
    api.post(
      `/v1/tasks/:taskId/${action}`,
      {
        config: { permission: spec.permission },
        schema: {
          tags: ['tasks'],
          summary: `${spec.vi} / ${spec.type}`,
          params: z.object({ taskId: taskIdParam }),
          headers: WRITE_HEADERS,
          body: commandBody(taskCommandSchema, spec.type, ['planYear', 'taskId'], overrides),
          response: COMMAND_RESPONSES,
        },
      },
      async (request, reply) => {
        const body = request.body as Record<string, unknown> & { year?: number; unitId?: string };
        if (spec.permission === 'report') assertMayActFor(request, body.unitId);
        const { year, ...fields } = body;
        const planYear = await planYearOf(services.store, year);
        return runCommand(services, request, reply, (context) => {
          const excusedBy = spec.type === 'ExcuseDelay' && fields['excusedBy'] === undefined ? { excusedBy: context.actor } : {};
          const command = parseWith(taskCommandSchema, {
            type: spec.type,
            planYear,
            taskId: request.params.taskId,
            at: fields['at'] ?? new Date().toISOString(),
            ...fields,
            ...excusedBy,
          });
          return handleTaskCommand(services.store, command, context);
        });
      },
    );
  }
}
