import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CODES, type ProblemCode, type Texts, titleOf } from './problem-codes.ts';

/**
 * RFC 9457 problem details. `title` and `detail` follow the request's Accept-Language (Vietnamese
 * unless English is preferred); `vi` and `en` always carry both texts; `code` is the stable code
 * (see PROBLEM_CODES).
 */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly extra?: Record<string, unknown>;
}

/** A problem of the catalogue: its status comes from its code. */
export function problemOf(code: ProblemCode, text: Texts, extra?: Record<string, unknown>): Problem {
  return { status: PROBLEM_CODES[code], code, vi: text.vi, en: text.en, ...(extra ? { extra } : {}) };
}

export type Language = 'vi' | 'en';

/** Vietnamese unless the first language the client names is English. */
export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function problemBody(request: FastifyRequest, problem: Problem): Record<string, unknown> {
  const lang = languageOf(request);
  return {
    type: `urn:cchc:problem:${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(problem.status)[lang],
    status: problem.status,
    detail: problem[lang],
    instance: request.url,
    code: problem.code,
    vi: problem.vi,
    en: problem.en,
    requestId: request.id,
    ...problem.extra,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemBody(request, problem)));
}

/** A problem raised by a route on purpose (authorisation, preconditions). */
export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(code: ProblemCode, text: Texts) {
    super(text.en);
    this.problem = problemOf(code, text);
  }
}
