import { NotFoundError } from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServices } from '../api-services.ts';
import { HttpProblem } from '../http/problem.ts';
import { cursorQuery, decodeCursor, encodeCursor, limitQuery, streamIdParam } from '../http/schemas.ts';
import { JSON_RESPONSES } from './openapi-shapes.ts';

const page = z.object({ cursor: cursorQuery.optional(), limit: limitQuery }).strict();
const OK = JSON_RESPONSES;

/** The log itself, for inspectors: events with their hashes, and the chain recomputed. */
export async function auditRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store } = services;
  const audit = { permission: 'audit' as const };
  let lastVerification: { head: number; result: ReturnType<typeof store.verifyChain> } | undefined;

  api.get(
    '/v1/audit/events',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký toàn cục, kèm băm / the global log with hashes',
        querystring: page,
        response: OK,
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor);
      const items = await store.readAll({
        fromPosition: Math.max(1, after.position + 1),
        limit: request.query.limit + 1,
      });
      const shown = items.slice(0, request.query.limit);
      return {
        items: shown,
        nextCursor: items.length > shown.length ? encodeCursor(shown.at(-1)!.globalPosition) : null,
        head: await store.headPosition(),
      };
    },
  );

  api.get(
    '/v1/audit/streams/:streamId/events',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary: 'Sự kiện của một luồng, kèm băm / one stream’s events with hashes',
        params: z.object({ streamId: streamIdParam }),
        querystring: page,
        response: OK,
      },
    },
    async (request) => {
      const { streamId } = request.params;
      if ((await store.streamRevision(streamId)) < 0)
        throw new NotFoundError(`Không có luồng ${streamId}`, `no stream ${streamId}`);
      const after = decodeCursor(request.query.cursor);
      if (after.tiebreak !== '' && !/^\d{1,15}$/.test(after.tiebreak)) {
        throw new HttpProblem({
          status: 400,
          code: 'CURSOR_INVALID',
          vi: 'Con trỏ phân trang không hợp lệ',
          en: 'invalid page cursor',
        });
      }
      const fromRevision = after.tiebreak === '' ? 0 : Number(after.tiebreak) + 1;
      const items = await store.readStream(streamId, { fromRevision, maxCount: request.query.limit + 1 });
      const shown = items.slice(0, request.query.limit);
      const last = shown.at(-1);
      return {
        streamId,
        items: shown,
        nextCursor:
          items.length > shown.length && last ? encodeCursor(last.globalPosition, String(last.streamRevision)) : null,
      };
    },
  );

  api.get(
    '/v1/audit/verify',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary:
          'Tính lại chuỗi băm; nêu vị trí hỏng đầu tiên / recompute the hash chain; names the first failing position',
        response: OK,
      },
    },
    async () => {
      // The chain up to a head never changes: one recomputation per head position.
      const head = await store.headPosition();
      if (lastVerification?.head !== head) lastVerification = { head, result: store.verifyChain() };
      return lastVerification.result;
    },
  );
}
