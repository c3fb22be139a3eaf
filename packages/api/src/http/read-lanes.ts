import type { FastifyRequest } from 'fastify';

/** Which connections a read runs on (see ReadModels): rankings and their relatives, or the rest. */
export type ReadLane = 'cheap' | 'heavy';

/**
 * The routes whose answers compute a ranking (the scoring SQL over every assignment and report):
 * tens of milliseconds even on small data. They take turns on their own connections, so the
 * other reads never wait behind them. A spec checks that each one is a registered route.
 */
export const HEAVY_READ_ROUTES: ReadonlySet<string> = new Set([
  '/v1/rankings/:year',
  '/v1/rankings/published/:eventId/verification',
  '/v1/units/:unitId/scorecard',
  '/v1/units/:unitId/explanation',
]);

export function laneOf(request: FastifyRequest): ReadLane {
  return HEAVY_READ_ROUTES.has(request.routeOptions.url ?? '') ? 'heavy' : 'cheap';
}
