import { healthAnswer, readyAnswer, unavailableAnswer } from '../answers/operations.ts';
import { sendJson } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

/** Liveness and readiness, public: /ready says whether the store answers and how far the read models lag. */
export const healthRoutes = routeGroup('health', async (app, { services }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Tiến trình còn sống / the process is alive',
        response: { 200: healthAnswer },
      },
    },
    async (_request, reply) => sendJson(reply, { status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Sẵn sàng phục vụ / ready to serve',
        response: { 200: readyAnswer, 503: unavailableAnswer },
      },
    },
    async (_request, reply) => {
      try {
        const head = await services.store.headPosition();
        const lag = await services.readModels.lag();
        return sendJson(reply, { status: 'ready', head, projectionLag: lag });
      } catch (error) {
        return sendJson(reply, { status: 'unavailable', reason: (error as Error).message }, 503);
      }
    },
  );
});
