import { eventIdFor, metadataFor, newCommandId } from '@cchc/core';
import { publishRanking, verifyPublishedRanking } from '@cchc/projections';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkpointAnswerOf } from '../answers/checkpoints.ts';
import {
  type PublishedList,
  publishedListAnswer,
  rankingAnswer,
  rankingAnswerOf,
  verificationAnswer,
} from '../answers/rankings.ts';
import { runCommand } from '../http/run-command.ts';
import { yearParam } from '../http/schemas.ts';
import { answerRead, nowToTheMinute } from '../http/send-cached.ts';
import { COMMAND_RESPONSES, readResponses, WRITE_HEADERS } from './openapi-shapes.ts';
import { publicationsOf, rankingFor, rankingQuery } from './ranking-queries.ts';
import { routeGroup } from './route-group.ts';

/** The units' ranking as of any instant, its publications and their verification; publishing it. */
export const rankingRoutes = routeGroup('rankings', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store } = services;

  api.get(
    '/v1/rankings/:year',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['rankings'],
        summary: 'Xếp hạng các đơn vị (mặc định tính đến 15/12) / the units’ ranking (default as of 15/12)',
        params: z.object({ year: yearParam }),
        querystring: rankingQuery,
        response: readResponses(rankingAnswer),
      },
    },
    async (request, reply) => {
      // Before the cutoff the default instant is now: answers are computed for the minute.
      const now = nowToTheMinute();
      return answerRead(
        readModels,
        request,
        reply,
        async (db, position) => {
          const context = await rankingFor(db, position, { ...request.query, year: request.params.year }, now);
          return rankingAnswerOf(context, await publicationsOf(db, context.ranking, position));
        },
        now,
      );
    },
  );

  api.get(
    '/v1/rankings/:year/published',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['rankings'],
        summary: 'Các lần công bố xếp hạng / published rankings',
        params: z.object({ year: yearParam }),
        response: readResponses(publishedListAnswer),
      },
    },
    async (request, reply) =>
      answerRead(
        readModels,
        request,
        reply,
        async (db, position) => ({
          position,
          items: (
            await db.rows<Omit<PublishedList['items'][number], 'checkpoint'>>(
              `SELECT plan_id AS "planId", event_id::VARCHAR AS "eventId", position, as_of AS "asOf", at_position AS "atPosition", inputs_hash AS "inputsHash",
                  rulebook_id AS "rulebookId", rulebook_version AS "rulebookVersion", recorded_at AS "recordedAt"
           FROM rm_rankings_published WHERE year = $1 AND position <= $2::BIGINT ORDER BY position`,
              [request.params.year, position],
            )
          ).map((p) => {
            const kept = services.checkpoints.covering(p.position);
            return { ...p, checkpoint: kept ? checkpointAnswerOf(kept) : null };
          }),
        }),
        // A checkpoint taken since (a schedule's) may newly cover a publication.
        services.checkpoints.latest()?.file ?? null,
      ),
  );

  api.get(
    '/v1/rankings/published/:eventId/verification',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['rankings'],
        summary: 'Tính lại một xếp hạng đã công bố và so sánh / recompute a published ranking and compare',
        params: z.object({ eventId: z.uuid() }),
        response: readResponses(verificationAnswer),
      },
    },
    async (request, reply) =>
      answerRead(readModels, request, reply, (db) => verifyPublishedRanking(db, request.params.eventId)),
  );

  api.post(
    '/v1/rankings/:year/publish',
    {
      config: { permission: 'office' },
      schema: {
        tags: ['rankings'],
        summary: 'Công bố xếp hạng: ghi sự kiện RankingPublished / publish the ranking (RankingPublished)',
        params: z.object({ year: yearParam }),
        headers: WRITE_HEADERS,
        body: rankingQuery.optional(),
        response: COMMAND_RESPONSES,
      },
    },
    async (request, reply) =>
      runCommand(services, request, reply, async (context) => {
        const commandId = context.commandId ?? newCommandId();
        const { value: published } = await readModels.read(async (db, position) => {
          const { ranking } = await rankingFor(
            db,
            position,
            { ...(request.body ?? {}), year: request.params.year },
            new Date().toISOString(),
          );
          const expected = context.expectedRevision !== undefined ? { expectedRevision: context.expectedRevision } : {};
          return {
            ranking,
            ...(await publishRanking(store, db, ranking, metadataFor(context, commandId, new Date().toISOString()), {
              eventId: eventIdFor(commandId, 0),
              ...expected,
              checkpoints: services.checkpoints,
            })),
          };
        });
        const { ranking } = published;
        return {
          streamId: published.streamId,
          commandId,
          alreadyHandled: published.alreadyPublished,
          events: [
            {
              eventId: published.eventId,
              type: 'RankingPublished',
              globalPosition: published.position,
              streamRevision: published.streamRevision,
            },
          ],
          details: {
            eventId: published.eventId,
            planId: ranking.planId,
            asOf: ranking.asOf,
            atPosition: ranking.position,
            inputsHash: ranking.inputsHash,
            ...(published.checkpoint ? { checkpoint: checkpointAnswerOf(published.checkpoint) } : {}),
          },
        };
      }),
  );
});
