import type { ApiServices } from '@cchc/api';
import { normalizeInstant, ValidationError } from '@cchc/core';
import { DEFAULT_RULEBOOK } from '@cchc/projections';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rankingReports } from '../exports/ranking-report.ts';
import { rankingWorkbookBuffer } from '../exports/ranking-workbook.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const exportQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    asOf: z
      .string()
      .refine(
        (v) => normalizeInstant(v) !== undefined,
        'thời điểm không hợp lệ (ví dụ 2025-12-15T23:59:59+07:00) / invalid instant',
      )
      .transform((v) => normalizeInstant(v)!)
      .optional(),
    planId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)
      .optional(),
  })
  .strict();

/**
 * GET /v1/exports/ranking.xlsx: the ranking report as an Excel workbook, computed like
 * GET /v1/rankings/:year (default rulebook, same instant and log position), for any role that may read.
 */
export async function exportRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/exports/ranking.xlsx',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['exports'],
        summary:
          'Báo cáo xếp hạng dạng Excel (tổng hợp, từng lĩnh vực, quy tắc và đầu vào) / the ranking report as XLSX',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { value: reports } = await services.readModels.read((db, position) =>
        rankingReports(db, {
          rulebook: DEFAULT_RULEBOOK,
          position,
          year: q.year,
          ...(q.asOf ? { asOf: q.asOf } : {}),
          ...(q.planId ? { planId: q.planId } : {}),
        }),
      );
      if (reports.length !== 1) {
        throw new ValidationError({ vi: 'Yêu cầu', en: 'request' }, [
          {
            path: 'planId',
            message: `năm ${q.year} có ${reports.length} kế hoạch, hãy chọn một / the year has ${reports.length} plans, pick one`,
          },
        ]);
      }
      const report = reports[0]!;
      const body = await rankingWorkbookBuffer(report);
      const day = new Date(Date.parse(report.ranking.asOf) + 7 * 3_600_000).toISOString().slice(0, 10);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="xep-hang-${report.ranking.planId}-${day}.xlsx"`)
        .header('x-log-position', String(report.ranking.position))
        .header('x-inputs-hash', report.ranking.inputsHash)
        .send(body);
    },
  );
}
