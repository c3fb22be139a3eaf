import { NotFoundError, signingKeysOf } from '@cchc/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signingKeysAnswerOf } from '../answers/checkpoints.ts';
import {
  HOW_TO_VERIFY,
  type PublicYear,
  publicKeysAnswer,
  publicRankingsAnswer,
  publicYearAnswer,
} from '../answers/public.ts';
import { yearParam } from '../http/schemas.ts';
import { answerRead } from '../http/send-cached.ts';
import { readResponses, sendJson } from './openapi-shapes.ts';
import { publicPage } from './public-page.ts';
import { publicationDetail, publishedRankings } from './public-queries.ts';
import { type RouteGroupOptions, routeGroup } from './route-group.ts';

export interface PublicRouteOptions extends RouteGroupOptions {
  /** Requests per address per minute on each public route. */
  readonly perMinute: number;
}

/**
 * The public transparency page (issue 16), no key: published rankings only (RankingPublished
 * events), each with its position and time, the signed checkpoint covering it, its inclusion proof
 * and the public keys; rate-limited per address. Nothing else of the ledger is read here.
 */
export const publicRoutes = routeGroup<PublicRouteOptions>('public', async (app, { services, perMinute }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { readModels, store, checkpoints } = services;
  const config = { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
  const security: { apiKey: string[] }[] = [];
  const keys = () => signingKeysAnswerOf(signingKeysOf(checkpoints.dataDir));
  /** What a public answer depends on besides the log: the kept checkpoints and the keys. */
  const vary = () => [checkpoints.latest()?.file ?? null, keys()];

  const yearOf = async (year: number, position: number, db: Parameters<typeof publishedRankings>[0]) => {
    const found = await publishedRankings(db, checkpoints, position, year);
    const publications = [];
    for (const f of found) publications.push(await publicationDetail(db, store, f));
    return { year, position, publications, keys: keys(), howToVerify: [...HOW_TO_VERIFY] } satisfies PublicYear;
  };

  api.get(
    '/public/v1/rankings',
    {
      config,
      schema: {
        tags: ['public'],
        security,
        summary: 'Công khai: các lần công bố xếp hạng (không cần khóa) / public: the ranking publications (no key)',
        response: readResponses(publicRankingsAnswer),
      },
    },
    async (request, reply) =>
      answerRead(
        readModels,
        request,
        reply,
        async (db, position) => ({
          position,
          items: (await publishedRankings(db, checkpoints, position)).map((f) => f.summary),
          keys: keys(),
        }),
        vary(),
      ),
  );

  api.get(
    '/public/v1/rankings/:year',
    {
      config,
      schema: {
        tags: ['public'],
        security,
        summary:
          'Công khai: xếp hạng đã công bố của một năm, mốc kiểm chứng và bằng chứng bao hàm / public: a year’s published rankings, their checkpoint and inclusion proof',
        params: z.object({ year: yearParam }),
        response: readResponses(publicYearAnswer),
      },
    },
    async (request, reply) =>
      answerRead(
        readModels,
        request,
        reply,
        async (db, position) => {
          const answer = await yearOf(request.params.year, position, db);
          if (answer.publications.length === 0)
            throw new NotFoundError(
              `Chưa có xếp hạng nào của năm ${request.params.year} được công bố`,
              `no ranking of ${request.params.year} has been published`,
            );
          return answer;
        },
        vary(),
      ),
  );

  api.get(
    '/public/v1/signing-keys',
    {
      config,
      schema: {
        tags: ['public'],
        security,
        summary:
          'Công khai: khóa công khai ký mốc kiểm chứng (hiện tại và đã thay) / public: the checkpoint signing keys (current and retired)',
        response: { 200: publicKeysAnswer },
      },
    },
    async (_request, reply) => sendJson(reply, keys()),
  );

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const { value } = await readModels.read(async (db, position) => {
      const years = [...new Set((await publishedRankings(db, checkpoints, position)).map((f) => f.summary.year))];
      const answers: PublicYear[] = [];
      for (const year of years.sort((a, b) => b - a)) answers.push(await yearOf(year, position, db));
      return publicPage(answers, keys());
    }, 'cheap');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(value);
  };
  for (const url of ['/public', '/public/']) app.get(url, { config, schema: { hide: true, tags: ['public'] } }, page);
});
