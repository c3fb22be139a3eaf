import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../api-services.ts';

/** Liveness and readiness, public: /ready says whether the store answers and how far the read models lag. */
export async function healthRoutes(app: FastifyInstance, { services }: { services: ApiServices }): Promise<void> {
  app.get(
    '/health',
    { schema: { tags: ['operations'], summary: 'Tiến trình còn sống / the process is alive' } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/ready',
    { schema: { tags: ['operations'], summary: 'Sẵn sàng phục vụ / ready to serve' } },
    async (_request, reply) => {
      try {
        const head = await services.store.headPosition();
        const lag = await services.readModels.lag();
        return { status: 'ready', head, projectionLag: lag };
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable', reason: (error as Error).message });
      }
    },
  );
}
