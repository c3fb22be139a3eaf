import type { ApiExtension } from '@cchc/api';
import fastifyStatic from '@fastify/static';
import { DIST_DIR, ensureDashboardBuilt } from '../build/dashboard-build.ts';
import { exportRoutes } from './export-routes.ts';

/**
 * The dashboard as an API extension: the built bundle at /dashboard/ (public files; the data comes
 * from the API with the analyst's key) and the XLSX export endpoint. Builds the bundle first when it
 * is missing or stale.
 */
export const dashboardExtension: ApiExtension = async (app, { services }) => {
  await ensureDashboardBuilt();
  await app.register(exportRoutes, { services });
  await app.register(fastifyStatic, {
    root: DIST_DIR,
    prefix: '/dashboard/',
    decorateReply: false,
    index: ['index.html'],
  });
  app.get('/dashboard', { schema: { hide: true } }, (_request, reply) => reply.redirect('/dashboard/'));
};
