import { z } from 'zod';

/**
 * Shapes for the OpenAPI document. Responses are sent as serialised JSON strings (cached bodies,
 * problem+json), so these schemas document the answers; they are not a second validation pass.
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
    code: z.string(),
    vi: z.string(),
    en: z.string(),
    requestId: z.string(),
  })
  .describe('application/problem+json (RFC 9457)');

const commandResponse = z.object({
  commandId: z.string(),
  streamId: z.string(),
  alreadyHandled: z.boolean(),
  events: z.array(
    z.object({ eventId: z.string(), type: z.string(), globalPosition: z.number(), streamRevision: z.number() }),
  ),
});

export const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;

/** Answers of the read endpoints: JSON, and 304 for a matching If-None-Match on cached ones. */
export const JSON_RESPONSES = { 200: z.unknown().describe('application/json'), ...PROBLEMS } as const;
export const READ_RESPONSES = { ...JSON_RESPONSES, 304: z.null().describe('Not modified (If-None-Match)') } as const;

export const COMMAND_RESPONSES = {
  200: commandResponse.describe('Không có gì mới để ghi / nothing new to record'),
  201: commandResponse.describe('Đã ghi / appended'),
  ...PROBLEMS,
  409: problemSchema,
  422: problemSchema,
} as const;
