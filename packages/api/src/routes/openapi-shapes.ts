import { RULES, type RuleCode } from '@cchc/core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { PROBLEM_CODE_LIST } from '../http/problem-codes.ts';

/**
 * Shapes for the OpenAPI document. Responses are sent as serialised JSON strings (cached bodies,
 * problem+json, sendJson), so these schemas document the answers; they are not a second
 * validation pass (the answer tests check them against real answers).
 */
export const WRITE_HEADERS = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Gửi lại an toàn: lần sau trả lại đúng phản hồi đầu / safe retries: a retry returns the first response'),
  'if-match': z
    .string()
    .optional()
    .describe('Phiên bản luồng mong đợi, ví dụ "3" / the expected stream revision, e.g. "3"'),
});

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.string(),
    code: z.enum(PROBLEM_CODE_LIST),
    vi: z.string(),
    en: z.string(),
    requestId: z.string(),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    rule: z.enum(Object.keys(RULES) as [RuleCode, ...RuleCode[]]).optional(),
    streamId: z.string().optional(),
    expected: z.union([z.number(), z.string()]).optional(),
    actual: z.number().optional(),
    eventId: z.string().optional(),
  })
  .describe('application/problem+json (RFC 9457)');
export type ProblemAnswer = z.infer<typeof problemSchema>;

const commandResponse = z.object({
  commandId: z.string(),
  streamId: z.string(),
  alreadyHandled: z.boolean(),
  events: z.array(
    z.object({ eventId: z.string(), type: z.string(), globalPosition: z.number(), streamRevision: z.number() }),
  ),
});

export const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;

/** Answers of an endpoint sending JSON that is computed anew each time. */
export const jsonResponses = <T extends z.ZodType>(answer: T) => ({ 200: answer, ...PROBLEMS }) as const;

/** Answers of a cached read: its JSON, or 304 for a matching If-None-Match. */
export const readResponses = <T extends z.ZodType>(answer: T) =>
  ({ ...jsonResponses(answer), 304: z.null().describe('Not modified (If-None-Match)') }) as const;

export const COMMAND_RESPONSES = {
  200: commandResponse.describe('Không có gì mới để ghi / nothing new to record'),
  201: commandResponse.describe('Đã ghi / appended'),
  ...PROBLEMS,
  409: problemSchema,
  422: problemSchema,
} as const;

/** Sends a body as JSON text, as Fastify would serialise it (the response schemas only document it). */
export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
