import { CchcError } from '@cchc/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpProblem, type Problem, problemOf, sendProblem } from '../http/problem.ts';
import { statusOfCode } from '../http/problem-codes.ts';

const malformedJson = (error: FastifyError): Problem =>
  problemOf('MALFORMED_JSON', { vi: `JSON không hợp lệ: ${error.message}`, en: `malformed JSON: ${error.message}` });

/** Fastify's own errors (body parsing, limits) as problems in both languages. */
function fastifyProblem(error: FastifyError): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemOf('UNSUPPORTED_MEDIA_TYPE', {
        vi: 'Nội dung phải là application/json',
        en: 'the body must be application/json',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf('BODY_TOO_LARGE', {
        vi: 'Nội dung vượt quá giới hạn kích thước',
        en: 'the body exceeds the size limit',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemOf('EMPTY_BODY', { vi: 'Nội dung JSON trống', en: 'the JSON body is empty' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return malformedJson(error);
    default:
      break;
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) return malformedJson(error);
  if (error.statusCode === 429) {
    return problemOf('RATE_LIMITED', {
      vi: `Vượt giới hạn số yêu cầu: ${error.message}`,
      en: `rate limit exceeded: ${error.message}`,
    });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // BAD_REQUEST in the catalogue: the error keeps its own status, and its own code when it has one.
    return {
      status: error.statusCode,
      code: error.code ?? 'BAD_REQUEST',
      vi: `Yêu cầu không hợp lệ: ${error.message}`,
      en: error.message,
    };
  }
  return undefined;
}

function validationProblem(error: FastifyError): Problem | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const where = error.validationContext ?? 'body';
  const issues = error.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { path: path ? `${where}.${path}` : where, message: v.message ?? 'invalid' };
  });
  const list = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return problemOf(
    'VALIDATION_FAILED',
    { vi: `Dữ liệu không hợp lệ — ${list}`, en: `invalid input — ${list}` },
    { issues },
  );
}

/** Every error leaves as problem+json: the error handler and the not-found handler of the whole app. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof HttpProblem) return sendProblem(request, reply, error.problem);
      const validation = validationProblem(error);
      if (validation) return sendProblem(request, reply, validation);
      if (error instanceof CchcError) {
        const status = statusOfCode(error.code) ?? 500;
        if (status >= 500) request.log.error({ err: error }, 'store unavailable');
        return sendProblem(request, reply, {
          status,
          code: error.code,
          vi: error.vi,
          en: error.en,
          extra: error.details(),
        });
      }
      const known = fastifyProblem(error);
      if (known) return sendProblem(request, reply, known);
      request.log.error({ err: error }, 'unexpected error');
      return sendProblem(
        request,
        reply,
        problemOf('INTERNAL', {
          vi: `Lỗi không mong đợi; mã yêu cầu ${request.id}`,
          en: `unexpected error; request id ${request.id}`,
        }),
      );
    });
    app.setNotFoundHandler(async (request, reply) =>
      sendProblem(
        request,
        reply,
        problemOf('ROUTE_NOT_FOUND', {
          vi: `Không có đường dẫn ${request.method} ${request.url.split('?')[0]}`,
          en: `no route ${request.method} ${request.url.split('?')[0]}`,
        }),
      ),
    );
  },
  { name: 'cchc-errors', fastify: '5.x' },
);
