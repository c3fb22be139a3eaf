import { createHash } from 'node:crypto';
import {
  type CommandContext,
  type CommandOutcome,
  ConcurrencyError,
  type Entry,
  jitteredBackoff,
  splitEntry,
} from '@cchc/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { v5 as uuidV5 } from 'uuid';
import { actorOf } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { principalOf } from '../plugins/auth.ts';
import { HttpProblem } from './problem.ts';
import { WriteQueue } from './write-queue.ts';

/** One queue per API (services), not per process: several apps may share a process in tests. */
const queues = new WeakMap<ApiServices, WriteQueue>();

/** Namespace of command ids derived from (API key, Idempotency-Key). */
const IDEMPOTENCY_NAMESPACE = '0b7d4b53-2f0e-4c55-8a46-6e0c3a7f9d11';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/**
 * Without If-Match the client asked for no particular revision: a conflict is decided again, up to
 * 40 times with jittered exponential backoff (2 ms doubling to a 50 ms cap; at most about 2 s in
 * all), which 50 writers on one stream at once get through. Past the bound: 503 WRITE_CONTENDED.
 */
export const API_CONFLICT_RETRY = { attempts: 40, delayMs: jitteredBackoff(2, 50) } as const;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** If-Match: the expected revision of the stream the command writes to, as `"3"`, `W/"3"` or `3`. */
function expectedRevisionOf(request: FastifyRequest): number | undefined {
  const value = header(request, 'if-match');
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(-1|\d{1,15})"?$/.exec(value.trim());
  if (!match) {
    throw new HttpProblem('IF_MATCH_INVALID', {
      vi: `If-Match phải là phiên bản luồng, ví dụ "3": ${value}`,
      en: `If-Match must be a stream revision, e.g. "3": ${value}`,
    });
  }
  return Number(match[1]);
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = header(request, 'idempotency-key');
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new HttpProblem('IDEMPOTENCY_KEY_INVALID', {
      vi: 'Idempotency-Key phải gồm 1–200 ký tự ASCII in được',
      en: 'Idempotency-Key must be 1–200 printable ASCII characters',
    });
  }
  return value;
}

export interface CommandResponse {
  readonly commandId: string;
  readonly streamId: string;
  readonly alreadyHandled: boolean;
  readonly events: CommandOutcome['events'];
  /** What a command adds to the answer (a published ranking's hash…). */
  readonly [detail: string]: unknown;
}

/**
 * Runs one write: the caller's key becomes the events' actor; an Idempotency-Key makes a retry
 * answer with the first response and write nothing (a different request under the same key is
 * refused); If-Match makes a stale write a 409. 201 with the appended events, 200 when nothing new
 * was recorded.
 */
export async function runCommand(
  services: ApiServices,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (context: CommandContext) => Promise<CommandOutcome & { readonly details?: Record<string, unknown> }>,
): Promise<FastifyReply> {
  const principal = principalOf(request);
  const idempotencyKey = idempotencyKeyOf(request);
  const expectedRevision = expectedRevisionOf(request);
  const { context: entry } = splitEntry((request.body ?? {}) as { entry?: Entry });
  const base: CommandContext = {
    ...entry,
    actor: actorOf(principal),
    source: 'api',
    ...(principal.unitId ? { unitId: principal.unitId } : {}),
    correlationId: String(request.id),
    ...(expectedRevision !== undefined ? { expectedRevision } : { conflictRetry: API_CONFLICT_RETRY }),
  };
  const send = (status: number, body: string) => reply.code(status).type('application/json; charset=utf-8').send(body);
  const execute = async (context: CommandContext) => {
    const writes = queues.get(services) ?? new WriteQueue();
    queues.set(services, writes);
    const { details, ...outcome } = await writes
      .run(WriteQueue.keyOf(request), () => handle(context))
      .catch((error: unknown) => {
        // Only a stale If-Match is the client's conflict; without one, a conflict past the bound is ours.
        if (error instanceof ConcurrencyError && expectedRevision === undefined) {
          reply.header('retry-after', '1');
          throw new HttpProblem('WRITE_CONTENDED', {
            vi: `Luồng ${error.streamId} đang có quá nhiều thay đổi đồng thời; hãy gửi lại sau ít giây`,
            en: `stream ${error.streamId} is changing too fast to decide this command; send it again in a moment`,
          });
        }
        throw error;
      });
    if (outcome.events.length > 0 && !outcome.alreadyHandled)
      for (const e of outcome.events) services.metrics.appendedEvents.inc({ type: e.type });
    const body = JSON.stringify({
      commandId: outcome.commandId,
      streamId: outcome.streamId,
      alreadyHandled: outcome.alreadyHandled,
      events: outcome.events,
      ...details,
    } satisfies CommandResponse);
    return { status: outcome.events.length > 0 ? 201 : 200, body };
  };
  if (!idempotencyKey) {
    const { status, body } = await execute(base);
    return send(status, body);
  }

  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const commandId = uuidV5(`${principal.keyId}\n${idempotencyKey}`, IDEMPOTENCY_NAMESPACE);
  return services.idempotency.exclusive(principal.keyId, idempotencyKey, async () => {
    const first = await services.idempotency.find(principal.keyId, idempotencyKey);
    if (first) {
      if (first.requestHash !== requestHash) {
        throw new HttpProblem('IDEMPOTENCY_KEY_REUSED', {
          vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
          en: 'this Idempotency-Key was already used for a different request',
        });
      }
      reply.header('idempotent-replayed', 'true');
      return send(first.status, first.body);
    }
    // The retry of a request whose answer was lost derives the same command id, hence the same
    // event ids, and the correlation id of the first attempt: the decider answers it as a replay.
    const { status, body } = await execute({ ...base, commandId, correlationId: commandId });
    await services.idempotency.remember(principal.keyId, idempotencyKey, { requestHash, status, body });
    return send(status, body);
  });
}
