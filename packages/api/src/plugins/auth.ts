import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeyStore } from '../access/api-keys.ts';
import { type Permission, type Principal, roleMay } from '../access/roles.ts';
import { HttpProblem } from '../http/problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; routes without it are public (health, docs, metrics). */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

/** The principal of an authenticated request (routes with a permission always have one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new TypeError('principalOf on a public route');
  return request.principal;
}

/** A reporter may act only for its own unit; other roles with the permission act for any unit. */
export function assertMayActFor(request: FastifyRequest, unitId: string | undefined): void {
  const principal = principalOf(request);
  if (principal.role !== 'reporter') return;
  if (unitId === undefined || unitId !== principal.unitId) {
    throw new HttpProblem('UNIT_FORBIDDEN', {
      vi: `Khóa của đơn vị ${principal.unitId} không được thao tác cho ${unitId ? `đơn vị ${unitId}` : 'toàn bộ nhiệm vụ'}`,
      en: `a key of unit ${principal.unitId} may not act for ${unitId ? `unit ${unitId}` : 'the whole task'}`,
    });
  }
}

/**
 * The key check of every route with a `permission`. Its refusals are problems (cchc-errors); it
 * runs after the rate limiter, so refused keys count against the limit.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { keys: ApiKeyStore }) => {
    app.decorateRequest('principal', undefined);
    // After the rate limiter (a route-level onRequest hook), so refused keys count against the limit.
    app.addHook('preValidation', async (request) => {
      const permission = request.routeOptions.config.permission;
      if (!permission) return;
      const key = presentedKey(request);
      const principal = key ? options.keys.authenticate(key) : undefined;
      if (!principal) {
        throw new HttpProblem(key ? 'API_KEY_INVALID' : 'API_KEY_MISSING', {
          vi: key
            ? 'Khóa API không hợp lệ hoặc đã bị thu hồi'
            : 'Thiếu khóa API (Authorization: Bearer <khóa> hoặc X-API-Key)',
          en: key ? 'the API key is invalid or revoked' : 'missing API key (Authorization: Bearer <key> or X-API-Key)',
        });
      }
      request.principal = principal;
      if (!roleMay(principal.role, permission)) {
        throw new HttpProblem('ROLE_FORBIDDEN', {
          vi: `Vai trò ${principal.role} không được phép (${permission})`,
          en: `role ${principal.role} is not allowed to do this (${permission})`,
        });
      }
    });
  },
  { name: 'cchc-auth', dependencies: ['cchc-errors', '@fastify/rate-limit'], fastify: '5.x' },
);
