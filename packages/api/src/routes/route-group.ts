import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiServices } from '../api-services.ts';

export interface RouteGroupOptions {
  readonly services: ApiServices;
}

/**
 * What a route group needs registered before it: problem+json errors, the rate limiter (a hook
 * added to each route as it is registered), the OpenAPI collector, request metrics and the key
 * check (routes declare a `permission`; the auth hook enforces it).
 */
const ROUTE_GROUP_DEPENDENCIES = [
  'cchc-errors',
  '@fastify/rate-limit',
  '@fastify/swagger',
  'cchc-metrics',
  'cchc-auth',
];

/** A group of routes on one resource: an encapsulated plugin with a name and its dependencies. */
export function routeGroup<O extends RouteGroupOptions = RouteGroupOptions>(
  resource: string,
  routes: FastifyPluginAsync<O>,
): FastifyPluginAsync<O> {
  return fp(routes, {
    name: `cchc-${resource}-routes`,
    dependencies: ROUTE_GROUP_DEPENDENCIES,
    encapsulate: true,
    fastify: '5.x',
  });
}
