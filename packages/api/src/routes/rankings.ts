import {
  type DuckDb,
  eventIdFor,
  metadataFor,
  NotFoundError,
  newCommandId,
  rankingStreamId,
  ValidationError,
} from '@cchc/core';
import {
  computeRankings,
  DEFAULT_RULEBOOK,
  explainUnit,
  parseRulebook,
  publishRanking,
  type Ranking,
  type Rulebook,
  rulebookKey,
  verifyPublishedRanking,
} from '@cchc/projections';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServices } from '../api-services.ts';
import { runCommand } from '../http/run-command.ts';
import { asOfQuery, planIdParam, unitIdParam, yearParam } from '../http/schemas.ts';
import { answerRead } from '../http/send-cached.ts';
import { COMMAND_RESPONSES, READ_RESPONSES, WRITE_HEADERS } from './openapi-shapes.ts';

const rankingQuery = z
  .object({
    asOf: asOfQuery.optional().describe('mặc định 15/12 23:59:59 của năm / default 15/12 23:59:59 of the year'),
    planId: planIdParam.optional(),
    rulebook: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}@\d{1,6}$/, 'bộ quy tắc dạng id@phiên bản / rulebook as id@version')
      .optional(),
  })
  .strict();
type RankingParams = z.infer<typeof rankingQuery> & { year: number };
const OK = READ_RESPONSES;

async function rulebookOf(db: DuckDb, key: string | undefined): Promise<Rulebook> {
  if (key === undefined || key === rulebookKey(DEFAULT_RULEBOOK)) return DEFAULT_RULEBOOK;
  const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (!json) throw new NotFoundError(`Không có bộ quy tắc ${key}`, `no rulebook ${key}`);
  return parseRulebook(JSON.parse(json));
}

/** The one ranking a request is about: the year's only plan, or the plan it names. */
async function rankingFor(db: DuckDb, position: number, q: RankingParams): Promise<Ranking> {
  const rankings = await computeRankings(db, {
    rulebook: await rulebookOf(db, q.rulebook),
    position,
    year: q.year,
    ...(q.asOf ? { asOf: q.asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  });
  if (rankings.length > 1) {
    throw new ValidationError({ vi: 'Yêu cầu', en: 'request' }, [
      {
        path: 'planId',
        message: `năm ${q.year} có ${rankings.length} kế hoạch, hãy chọn một / the year has ${rankings.length} plans, pick one`,
      },
    ]);
  }
  return rankings[0]!;
}

interface Publication {
  readonly eventId: string;
  readonly position: number;
  readonly atPosition: number;
  readonly inputsHash: string;
  readonly recordedAt: string;
  /** Same units, scores, bands and ranks as the ranking shown (the log may have moved on since). */
  readonly sameResult: boolean;
}

/** The publications of this plan's ranking for the same instant and rulebook, compared with it. */
async function publicationsOf(db: DuckDb, ranking: Ranking, position: number): Promise<Publication[]> {
  const rows = await db.rows<{ eventId: string; position: number; recordedAt: Date; data: string }>(
    `SELECT event_id::VARCHAR AS "eventId", global_position AS position, recorded_at AS "recordedAt", data::VARCHAR AS data
     FROM events WHERE stream_id = $1 AND type = 'RankingPublished' AND global_position <= $2::BIGINT ORDER BY global_position`,
    [rankingStreamId(ranking.planId), position],
  );
  const shown = JSON.stringify(ranking.rows.map((r) => [r.unitId, r.score, r.band, r.rank]));
  return rows.flatMap((row) => {
    const p = JSON.parse(row.data) as {
      asOf: string;
      position: number;
      inputsHash: string;
      rulebook: { id: string; version: number };
      rows: { unitId: string; score: number | null; band: string | null; rank: number | null }[];
    };
    if (
      new Date(p.asOf).toISOString() !== ranking.asOf ||
      p.rulebook.id !== ranking.rulebook.id ||
      p.rulebook.version !== ranking.rulebook.version
    )
      return [];
    return [
      {
        eventId: row.eventId,
        position: row.position,
        atPosition: p.position,
        inputsHash: p.inputsHash,
        recordedAt: new Date(row.recordedAt).toISOString(),
        sameResult: JSON.stringify(p.rows.map((r) => [r.unitId, r.score, r.band, r.rank])) === shown,
      },
    ];
  });
}

export async function rankingRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
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
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => {
        const ranking = await rankingFor(db, position, { ...request.query, year: request.params.year });
        return { ...ranking, published: await publicationsOf(db, ranking, position) };
      }),
  );

  api.get(
    '/v1/rankings/:year/published',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['rankings'],
        summary: 'Các lần công bố xếp hạng / published rankings',
        params: z.object({ year: yearParam }),
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => ({
        position,
        items: await db.rows(
          `SELECT plan_id AS "planId", event_id::VARCHAR AS "eventId", position, as_of AS "asOf", at_position AS "atPosition", inputs_hash AS "inputsHash",
                  rulebook_id AS "rulebookId", rulebook_version AS "rulebookVersion", recorded_at AS "recordedAt"
           FROM rm_rankings_published WHERE year = $1 AND position <= $2::BIGINT ORDER BY position`,
          [request.params.year, position],
        ),
      })),
  );

  api.get(
    '/v1/rankings/published/:eventId/verification',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['rankings'],
        summary: 'Tính lại một xếp hạng đã công bố và so sánh / recompute a published ranking and compare',
        params: z.object({ eventId: z.uuid() }),
        response: OK,
      },
    },
    (request, reply) =>
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
          const ranking = await rankingFor(db, position, { ...(request.body ?? {}), year: request.params.year });
          const expected = context.expectedRevision !== undefined ? { expectedRevision: context.expectedRevision } : {};
          return {
            ranking,
            ...(await publishRanking(store, db, ranking, metadataFor(context, commandId), {
              eventId: eventIdFor(commandId, 0),
              ...expected,
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
          },
        };
      }),
  );

  const unitQuery = z.object({ year: yearParam.optional(), ...rankingQuery.shape }).strict();
  api.get(
    '/v1/units/:unitId/scorecard',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['units'],
        summary: 'Điểm của một đơn vị / a unit’s scorecard',
        params: z.object({ unitId: unitIdParam }),
        querystring: unitQuery,
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) => {
        const x = await explainUnit(db, {
          unitId: request.params.unitId,
          position,
          ...explainQuery(request.query),
          rulebook: await rulebookOf(db, request.query.rulebook),
        });
        return {
          planId: x.planId,
          year: x.year,
          asOf: x.asOf,
          position: x.position,
          rulebook: x.rulebook,
          inputsHash: x.inputsHash,
          ...x.unit,
          base: x.base,
          weights: x.weights,
        };
      }),
  );
  api.get(
    '/v1/units/:unitId/explanation',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['units'],
        summary: 'Giải trình từng điểm số, kèm mã sự kiện / every number behind the score, with event ids',
        params: z.object({ unitId: unitIdParam }),
        querystring: unitQuery,
        response: OK,
      },
    },
    (request, reply) =>
      answerRead(readModels, request, reply, async (db, position) =>
        explainUnit(db, {
          unitId: request.params.unitId,
          position,
          ...explainQuery(request.query),
          rulebook: await rulebookOf(db, request.query.rulebook),
        }),
      ),
  );
}

function explainQuery(q: { year?: number | undefined; asOf?: string | undefined; planId?: string | undefined }) {
  return {
    ...(q.year !== undefined ? { year: q.year } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    ...(q.planId ? { planId: q.planId } : {}),
  };
}
