import { NotFoundError, signingKeysOf } from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  checkpointAnswer,
  checkpointAnswerOf,
  checkpointListAnswer,
  signingKeysAnswerOf,
} from '../answers/checkpoints.ts';
import { jsonResponses, sendJson } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** The signed checkpoints kept in the data directory (issue 16), for inspectors. */
export const checkpointRoutes = routeGroup('checkpoints', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { checkpoints } = services;
  const audit = { permission: 'audit' as const };

  api.get(
    '/v1/audit/checkpoints',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary:
          'Các mốc kiểm chứng có chữ ký đã lưu, mốc mới nhất và khóa công khai / the kept signed checkpoints, the latest and the public keys',
        response: jsonResponses(checkpointListAnswer),
      },
    },
    async (_request, reply) => {
      const items = checkpoints.list().map(checkpointAnswerOf);
      return sendJson(reply, {
        items,
        latest: items.at(-1) ?? null,
        keys: signingKeysAnswerOf(signingKeysOf(checkpoints.dataDir)),
      });
    },
  );

  api.get(
    '/v1/audit/checkpoints/latest',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary:
          'Mốc kiểm chứng mới nhất (tệp để lưu ngoài hệ thống) / the latest checkpoint (the file to keep outside)',
        response: jsonResponses(checkpointAnswer),
      },
    },
    async (_request, reply) => {
      const latest = checkpoints.latest();
      if (!latest)
        throw new NotFoundError(
          'Chưa có mốc kiểm chứng nào; lập bằng cchc checkpoint, hoặc chờ lần công bố xếp hạng hay lịch lập mốc kế tiếp',
          'no checkpoint yet; take one with cchc checkpoint, or wait for the next ranking publication or scheduled checkpoint',
        );
      return sendJson(reply, checkpointAnswerOf(latest));
    },
  );
});
