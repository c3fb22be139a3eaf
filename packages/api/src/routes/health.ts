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
      const unavailable = (reason: string, code?: string) =>
        sendJson(reply, { status: 'unavailable' as const, reason, ...(code ? { code } : {}) }, 503);
      try {
        // A damaged file or a stopped engine, met by any request: not ready until restarted.
        const fault = services.store.capabilities.health?.fault as (Error & { code?: string }) | undefined;
        if (fault) return unavailable(fault.message, fault.code);
        const head = await services.store.headPosition();
        const health = await services.readModels.health();
        if (!health.ok) {
          const list = health.problems.map((p) => `${p.vi} — ${p.en}`).join('; ');
          return unavailable(
            `mô hình đọc không nhất quán / read models inconsistent: ${list}`,
            'READ_MODELS_INCONSISTENT',
          );
        }
        const lag = await services.readModels.lag();
        return sendJson(reply, { status: 'ready', head, projectionLag: lag });
      } catch (error) {
        return unavailable((error as Error).message, (error as { code?: string }).code);
      }
    },
  );
});
