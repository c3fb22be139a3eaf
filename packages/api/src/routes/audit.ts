import { type ChainVerification, capabilityOf, NotFoundError, proveConsistency, proveInclusion } from '@cchc/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditEventsAnswer,
  backDatedPageAnswer,
  chainVerificationAnswer,
  consistencyProofAnswer,
  inclusionProofAnswer,
  streamEventsAnswer,
} from '../answers/audit.ts';
import {
  BACK_DATED_DAYS,
  cursorQuery,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  limitQuery,
  streamIdParam,
} from '../http/schemas.ts';
import { answerRead } from '../http/send-cached.ts';
import { backDated } from './aggregate-queries.ts';
import { jsonResponses, readResponses, sendJson } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

const page = z.object({ cursor: cursorQuery.optional(), limit: limitQuery }).strict();

/** The log itself, for inspectors: events with their hashes, the chain recomputed; back-dated events for every reader. */
export const auditRoutes = routeGroup('audit', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;
  const audit = { permission: 'audit' as const };
  let lastVerification: { head: number; result: Promise<ChainVerification> } | undefined;
  const treeSize = z.coerce.number().int().min(1);

  api.get(
    '/v1/audit/proofs/inclusion',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary:
          'Bằng chứng một sự kiện nằm trong cây Merkle của sổ cái (RFC 9162) / an event’s inclusion proof in the log’s Merkle tree (RFC 9162)',
        querystring: z
          .object({
            event: z.string().min(1).max(40).describe('event id (UUID) or log position'),
            size: treeSize.optional().describe('tree size (default: the log head)'),
          })
          .strict(),
        response: jsonResponses(inclusionProofAnswer),
      },
    },
    async (request, reply) => sendJson(reply, await proveInclusion(store, request.query.event, request.query.size)),
  );

  api.get(
    '/v1/audit/proofs/consistency',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary:
          'Bằng chứng cây cỡ from là tiền tố của cây cỡ to: sổ cái chỉ được ghi thêm (RFC 9162) / a consistency proof from size from to size to (RFC 9162)',
        querystring: z.object({ from: treeSize, to: treeSize.optional().describe('default: the log head') }).strict(),
        response: jsonResponses(consistencyProofAnswer),
      },
    },
    async (request, reply) => sendJson(reply, await proveConsistency(store, request.query.from, request.query.to)),
  );

  api.get(
    '/v1/audit/events',
    {
      config: audit,
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký toàn cục, kèm băm / the global log with hashes',
        querystring: page,
        response: jsonResponses(auditEventsAnswer),
      },
    },
    async (request, reply) => {
      const after = decodeCursor(request.query.cursor);
      const items = await store.readAll({
        fromPosition: Math.max(1, after.position + 1),
        limit: request.query.limit + 1,
      });
      const shown = items.slice(0, request.query.limit);
      return sendJson(reply, {
        items: shown,
        nextCursor: items.length > shown.length ? encodeCursor(shown.at(-1)!.globalPosition) : null,
        head: await store.headPosition(),
      });
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
        response: jsonResponses(streamEventsAnswer),
      },
    },
    async (request, reply) => {
      const { streamId } = request.params;
      if ((await store.streamRevision(streamId)) < 0)
        throw new NotFoundError(`Không có luồng ${streamId}`, `no stream ${streamId}`);
      const after = decodeCursor(request.query.cursor);
      if (after.tiebreak !== '' && !/^\d{1,15}$/.test(after.tiebreak)) throw invalidCursor();
      const fromRevision = after.tiebreak === '' ? 0 : Number(after.tiebreak) + 1;
      const items = await store.readStream(streamId, { fromRevision, maxCount: request.query.limit + 1 });
      const shown = items.slice(0, request.query.limit);
      const last = shown.at(-1);
      return sendJson(reply, {
        streamId,
        items: shown,
        nextCursor:
          items.length > shown.length && last ? encodeCursor(last.globalPosition, String(last.streamRevision)) : null,
      });
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
        response: jsonResponses(chainVerificationAnswer),
      },
    },
    async (_request, reply) => {
      // The chain up to a head never changes: one recomputation per head position.
      const head = await store.headPosition();
      if (lastVerification?.head !== head)
        lastVerification = { head, result: capabilityOf(store, 'chainVerifier').verifyChain() };
      return sendJson(reply, await lastVerification.result);
    },
  );

  api.get(
    '/v1/back-dated',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['audit'],
        summary:
          'Sự kiện ghi nhận muộn hơn N ngày sau khi xảy ra / events recorded more than N days after they happened',
        querystring: z
          .object({
            days: z.coerce.number().int().min(0).max(3650).default(BACK_DATED_DAYS),
            cursor: cursorQuery.optional(),
            limit: limitQuery,
          })
          .strict(),
        response: readResponses(backDatedPageAnswer),
      },
    },
    async (request, reply) =>
      answerRead(readModels, request, reply, (db, position) =>
        backDated(db, position, request.query.days, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: request.query.limit,
        }),
      ),
  );
});
