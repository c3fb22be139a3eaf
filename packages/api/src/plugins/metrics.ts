import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, on a registry of its own (several apps may share a process in tests). */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'cchc_http_request_duration_seconds',
    help: 'HTTP request durations by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly appendedEvents = new Counter({
    name: 'cchc_events_appended_total',
    help: 'Events appended through the API, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly projectionLag: Gauge;

  constructor(lag: () => Promise<number>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cchc_' });
    this.projectionLag = new Gauge({
      name: 'cchc_projection_lag_events',
      help: 'Events in the log not yet in the read models',
      registers: [this.registry],
      async collect() {
        this.set(await lag());
      },
    });
  }
}

/** Request durations of every route registered after it, and GET /metrics. */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: { metrics: ApiMetrics }) => {
    const { metrics } = options;
    app.addHook('onResponse', (request, reply, done) => {
      metrics.requestDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  },
  { name: 'cchc-metrics', fastify: '5.x' },
);
