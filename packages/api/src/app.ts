import { randomUUID } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiServices } from './api-services.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { auditRoutes } from './routes/audit.ts';
import { checkpointRoutes } from './routes/checkpoints.ts';
import { departmentIndexRoutes } from './routes/department-index.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { healthRoutes } from './routes/health.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { keyRoutes } from './routes/keys.ts';
import { planRoutes } from './routes/plans.ts';
import { publicRoutes } from './routes/public.ts';
import { rankingRoutes } from './routes/rankings.ts';
import { reportRoutes } from './routes/reports.ts';
import { taskRoutes } from './routes/tasks.ts';
import { unitRoutes } from './routes/units.ts';

/** The route groups, one per resource. */
const ROUTE_GROUPS = [
  healthRoutes,
  planRoutes,
  taskRoutes,
  unitRoutes,
  reportRoutes,
  evidenceRoutes,
  indicatorRoutes,
  rankingRoutes,
  departmentIndexRoutes,
  auditRoutes,
  checkpointRoutes,
  keyRoutes,
];

export interface AppOptions {
  /** Pino logger options, `false` for none (tests), `true` for JSON lines at info. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Requests per verified key (or per address on public routes) per minute. */
  readonly rateLimitPerMinute?: number;
  /** Requests per address per minute on each route of the public transparency page (default 120). */
  readonly publicRateLimitPerMinute?: number;
  /** Failed authentications per address per minute before they are answered 429 (default 60). */
  readonly failedAuthPerMinute?: number;
  /** Largest request body in bytes (plan definitions have their own, larger, limit). */
  readonly bodyLimit?: number;
  /** Extra plugins registered after the API (the dashboard), given the same services as the routes. */
  readonly extensions?: readonly ApiExtension[];
  /** Sees every route as it is registered, with its schemas (the answer tests collect them). */
  readonly onRoute?: (route: RouteOptions) => void;
}

/** A plugin registered after the API's routes, with the API's services as its options. */
export type ApiExtension = (app: FastifyInstance, options: { services: ApiServices }) => Promise<void>;

export const API_VERSION = '1.0.0';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The HTTP API over the ledger. Route groups are encapsulated plugins sharing one set of services;
 * every error leaves as application/problem+json; request ids come from X-Request-Id or are made.
 */
export async function buildApp(services: ApiServices, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // A client's X-Request-Id is kept when it is a plain token (it ends up in logs and events).
    requestIdHeader: false,
    genReqId: (request) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // One log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Ids are limited by their schemas (400 problem+json); the router's own limit would answer a
    // longer one 414 outside them. Node's request-line limit (16 KiB) comes first anyway.
    routerOptions: { maxParamLength: 65_536 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // Graceful shutdown: requests in flight finish, and their answers close their connections, so
  // close() does not wait for the keep-alive timeout of clients that keep sockets open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback-style hooks: on every request, an async hook costs a promise and a turn of the queue.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log[reply.statusCode >= 500 ? 'error' : 'info'](
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        key: request.principal?.keyId,
      },
      'request',
    );
    done();
  });

  await app.register(errorsPlugin);
  // Before the rate limiter: its hook is added to each route, after the app's onRequest hooks.
  await app.register(authPlugin, {
    keys: services.keys,
    ...(options.failedAuthPerMinute !== undefined ? { failedAuthPerMinute: options.failedAuthPerMinute } : {}),
  });
  await app.register(fastifyRateLimit, {
    max: options.rateLimitPerMinute ?? 6_000,
    timeWindow: '1 minute',
    // The key check ran first: a bucket per verified key, else per address (public routes).
    keyGenerator: (request) => (request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'CCHC Ledger API',
        description:
          'Sổ cái sự kiện kế hoạch CCHC: tra cứu, hành động qua bộ quyết định, xếp hạng. / The CCHC plan ledger: reads, actions through the deciders, rankings. ' +
          'Xác thực / auth: `Authorization: Bearer <key>`. Lỗi / errors: application/problem+json.',
        version: API_VERSION,
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(metricsPlugin, { metrics: services.metrics });

  for (const routes of ROUTE_GROUPS) await app.register(routes, { services });
  await app.register(publicRoutes, { services, perMinute: options.publicRateLimitPerMinute ?? 120 });
  for (const extension of options.extensions ?? []) await app.register(extension, { services });
  await app.ready();
  return app;
}
