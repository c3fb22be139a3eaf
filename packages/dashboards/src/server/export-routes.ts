import { asOfQuery, planIdParam, routeGroup, yearParam } from '@cchc/api';
import { departmentIdSchema, localDateOf, ValidationError } from '@cchc/core';
import { computeDepartmentIndex } from '@cchc/projections';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { indexDossierBuffer } from '../exports/index-dossier-workbook.ts';
import { rankingReports } from '../exports/ranking-report.ts';
import { rankingWorkbookBuffer } from '../exports/ranking-workbook.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query of GET /v1/rankings/:year with the year in it (the API's own checks). */
const exportQuery = z.object({ year: yearParam, asOf: asOfQuery.optional(), planId: planIdParam.optional() }).strict();
const xlsxAnswer = {
  200: z.custom<Buffer>().meta({ type: 'string', format: 'binary', description: `${XLSX_TYPE} (binary)` }),
};

/**
 * GET /v1/exports/ranking.xlsx: the ranking report as an Excel workbook, computed like
 * GET /v1/rankings/:year (default rulebook, same instant and log position), for any role that may read.
 */
export const exportRoutes = routeGroup('exports', async (app, { services }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/exports/ranking.xlsx',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['exports'],
        summary:
          'Báo cáo xếp hạng dạng Excel (tổng hợp, từng lĩnh vực, quy tắc và đầu vào) / the ranking report as XLSX',
        querystring: exportQuery,
        response: xlsxAnswer,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { value: reports } = await services.readModels.read((db, position) =>
        rankingReports(db, {
          position,
          now: new Date(),
          year: q.year,
          ...(q.asOf ? { requested: q.asOf } : {}),
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
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="xep-hang-${report.ranking.planId}-${localDateOf(report.ranking.asOf)}.xlsx"`,
        )
        .header('x-log-position', String(report.ranking.position))
        .header('x-inputs-hash', report.ranking.inputsHash)
        .send(body);
    },
  );

  /** The department's scoring dossier (hồ sơ chấm điểm), as `cchc index dossier` writes it. */
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/index/:year/departments/:departmentId/dossier.xlsx',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['department-index', 'exports'],
        summary:
          'Hồ sơ chấm điểm Chỉ số CCHC của Sở dạng Excel (tiêu chí, điểm tối đa, tự chấm, tài liệu kiểm chứng, thẩm định, ghi chú) / the scoring dossier as XLSX',
        params: z.object({ year: yearParam, departmentId: departmentIdSchema }),
        querystring: z.object({ asOf: asOfQuery.optional(), planId: planIdParam.optional() }).strict(),
        response: xlsxAnswer,
      },
    },
    async (request, reply) => {
      const { year, departmentId } = request.params;
      const { value: index } = await services.readModels.read((db, position) =>
        computeDepartmentIndex(db, {
          departmentId,
          year,
          position,
          asOf: request.query.asOf ?? new Date().toISOString(),
          ...(request.query.planId ? { planId: request.query.planId } : {}),
        }),
      );
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="ho-so-cham-diem-${departmentId}-${year}-${localDateOf(index.asOf)}.xlsx"`,
        )
        .header('x-log-position', String(index.position))
        .header('x-inputs-hash', index.inputsHash)
        .send(await indexDossierBuffer(index));
    },
  );
});
