import type { DuckDb } from '@cchc/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedBody, ReadModels } from '../read-models.ts';
import { laneOf } from './read-lanes.ts';

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export function sendCached<R extends FastifyReply>(request: FastifyRequest, reply: R, entry: CachedBody): R {
  reply
    .header('etag', entry.etag)
    .header('x-log-position', String(entry.position))
    .header('cache-control', 'private, no-cache');
  if (matches(request.headers['if-none-match'], entry.etag)) reply.code(304).send();
  else reply.type('application/json; charset=utf-8').send(entry.body);
  return reply;
}

/**
 * Answers a read from the read models: the JSON of `compute` at the log head, with an ETag derived
 * from the position and the query, and a 304 when the client already has it. The cache key is the
 * route, its validated parameters and `vary` (e.g. the "now" an answer was computed for), so it
 * names everything the answer depends on.
 */
export async function answerRead<R extends FastifyReply>(
  readModels: ReadModels,
  request: FastifyRequest,
  reply: R,
  compute: (db: DuckDb, position: number) => Promise<unknown>,
  vary?: unknown,
): Promise<R> {
  const key = JSON.stringify([request.routeOptions.url, request.params, request.query, vary ?? null]);
  return sendCached(request, reply, await readModels.cachedJson(key, compute, laneOf(request)));
}

/**
 * "Now", rounded up to the end of the current minute: answers "as known now" are cached for at
 * most a minute of wall time, and still include every event recorded so far (a new event moves
 * the log position, which is part of the cache key).
 */
export function nowToTheMinute(): string {
  const minute = Math.floor(Date.now() / 60_000);
  if (minute !== lastMinute.minute) lastMinute = { minute, text: new Date(minute * 60_000 + 59_999).toISOString() };
  return lastMinute.text;
}
let lastMinute = { minute: -1, text: '' };

/** answerRead for an answer "as of" an instant: the one asked for, or now (to the minute). */
export function answerAsOf<R extends FastifyReply>(
  readModels: ReadModels,
  request: FastifyRequest,
  reply: R,
  asked: string | undefined,
  compute: (db: DuckDb, position: number, asOf: string) => Promise<unknown>,
): Promise<R> {
  const asOf = asked ?? nowToTheMinute();
  return answerRead(readModels, request, reply, (db, position) => compute(db, position, asOf), asOf);
}

/** answerAsOf for a list as of an instant: `{ asOf, position, items }`. */
export function answerAsOfList<R extends FastifyReply>(
  readModels: ReadModels,
  request: FastifyRequest,
  reply: R,
  asked: string | undefined,
  items: (db: DuckDb, position: number, asOf: string) => Promise<readonly unknown[]>,
): Promise<R> {
  return answerAsOf(readModels, request, reply, asked, async (db, position, asOf) => ({
    asOf,
    position,
    items: await items(db, position, asOf),
  }));
}
