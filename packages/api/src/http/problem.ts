import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * RFC 9457 problem details. `title` and `detail` follow the request's Accept-Language (Vietnamese
 * unless English is preferred); `vi` and `en` always carry both texts; `code` is the stable code.
 */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly extra?: Record<string, unknown>;
}

const TITLES: Record<number, { vi: string; en: string }> = {
  400: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  401: { vi: 'Chưa xác thực', en: 'Unauthorized' },
  403: { vi: 'Không có quyền', en: 'Forbidden' },
  404: { vi: 'Không tìm thấy', en: 'Not found' },
  405: { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  406: { vi: 'Không đáp ứng được định dạng yêu cầu', en: 'Not acceptable' },
  409: { vi: 'Xung đột', en: 'Conflict' },
  413: { vi: 'Nội dung quá lớn', en: 'Payload too large' },
  415: { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported media type' },
  422: { vi: 'Vi phạm quy tắc', en: 'Unprocessable content' },
  428: { vi: 'Thiếu điều kiện', en: 'Precondition required' },
  429: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  500: { vi: 'Lỗi máy chủ', en: 'Internal server error' },
  503: { vi: 'Dịch vụ tạm thời không sẵn sàng', en: 'Service unavailable' },
};

export type Language = 'vi' | 'en';

/** Vietnamese unless the first language the client names is English. */
export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function problemBody(request: FastifyRequest, problem: Problem): Record<string, unknown> {
  const lang = languageOf(request);
  const title = TITLES[problem.status] ?? TITLES[500]!;
  return {
    type: `urn:cchc:problem:${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: title[lang],
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
  constructor(readonly problem: Problem) {
    super(problem.en);
  }
}
