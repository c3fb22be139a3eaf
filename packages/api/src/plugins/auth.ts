import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeyStore } from '../access/api-keys.ts';
import { type Permission, type Principal, roleMay } from '../access/roles.ts';
import { HttpProblem } from '../http/problem.ts';
import { FailedAuthLimiter } from './failed-auth-limiter.ts';

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

/** A request that says it carries a body (its bytes are not read before the key is checked). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * The key check of every route with a `permission`, at `onRequest`: before the body is read or
 * parsed, and before the rate limiter (whose buckets are then keyed by the verified key id only).
 * A refused request with a body is answered at once and its connection closed, so an
 * unauthenticated upload is never buffered. Failures count per address (FailedAuthLimiter): over
 * the budget they are 429, whatever key id they name.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { keys: ApiKeyStore; failedAuthPerMinute?: number }) => {
    const failures = new FailedAuthLimiter(options.failedAuthPerMinute ?? 60);
    app.decorateRequest('principal', undefined);
    const check = (request: FastifyRequest, reply: FastifyReply): void => {
      const permission = request.routeOptions.config.permission;
      if (!permission) return;
      const key = presentedKey(request);
      const principal = key ? options.keys.authenticate(key) : undefined;
      if (!principal) {
        if (hasBody(request)) reply.header('connection', 'close');
        const verdict = failures.fail(request.ip);
        if (verdict.limited) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          throw new HttpProblem('RATE_LIMITED', {
            vi: `Quá nhiều lần xác thực thất bại từ địa chỉ này; thử lại sau ${verdict.retryAfterSeconds} giây`,
            en: `too many failed authentications from this address; retry in ${verdict.retryAfterSeconds} s`,
          });
        }
        throw new HttpProblem(key ? 'API_KEY_INVALID' : 'API_KEY_MISSING', {
          vi: key
            ? 'Khóa API không hợp lệ hoặc đã bị thu hồi'
            : 'Thiếu khóa API (Authorization: Bearer <khóa> hoặc X-API-Key)',
          en: key ? 'the API key is invalid or revoked' : 'missing API key (Authorization: Bearer <key> or X-API-Key)',
        });
      }
      request.principal = principal;
      if (!roleMay(principal.role, permission)) {
        if (hasBody(request)) reply.header('connection', 'close');
        throw new HttpProblem('ROLE_FORBIDDEN', {
          vi: `Vai trò ${principal.role} không được phép (${permission})`,
          en: `role ${principal.role} is not allowed to do this (${permission})`,
        });
      }
    };
    // Callback style: an async hook on every request costs a promise and a turn of the queue.
    app.addHook('onRequest', (request, reply, done) => {
      try {
        check(request, reply);
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    });
  },
  { name: 'cchc-auth', dependencies: ['cchc-errors'], fastify: '5.x' },
);
