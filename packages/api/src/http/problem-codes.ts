import type * as core from '@cchc/core';
import type * as projections from '@cchc/projections';
import type { KeyFileError } from '../access/api-keys.ts';

export interface Texts {
  readonly vi: string;
  readonly en: string;
}

/** RFC 9457 `title`: the short text of the status, in both languages. */
const TITLES = {
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
} as const satisfies Record<number, Texts>;
type Status = keyof typeof TITLES;

/** The title of a status (a status without one of its own reads as a server error). */
export function titleOf(status: number): Texts {
  return (TITLES as Record<number, Texts>)[status] ?? TITLES[500];
}

/** Every error class core and projections export, by its stable `code` (the abstract base left out). */
type ErrorCodesOf<Module> = {
  [K in keyof Module]: Module[K] extends abstract new (
    ...args: never
  ) => infer E
    ? E extends core.CchcError
      ? string extends E['code']
        ? never
        : E['code']
      : never
    : never;
}[keyof Module];
type RaisedErrorCode = ErrorCodesOf<typeof core> | ErrorCodesOf<typeof projections> | KeyFileError['code'];

/**
 * The one catalogue of problem codes: every `code` a problem+json answer carries, with the status
 * it is sent with (the title follows from the status). The codes of core's and projections' errors
 * are defined there; `satisfies` fails to compile when one of them is missing here.
 */
export const PROBLEM_CODES = {
  // Errors of core, projections and the key file (CchcError subclasses).
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONCURRENCY_CONFLICT: 409,
  EVENT_ID_REUSED: 409,
  RULE_VIOLATION: 422,
  READ_MODELS_BEHIND: 503,
  STORE_LOCKED: 503,
  STORE_CLOSED: 503,
  STORE_WRITE_FAILED: 503,
  STORE_READ_ONLY: 503,
  STORE_MISSING: 503,
  RULEBOOK_YEAR_NOT_COVERED: 422,
  STORE_DAMAGED: 503,
  STORE_FAILED: 503,
  STORE_CAPABILITY_MISSING: 503,
  KEY_FILE_INVALID: 503,
  // The API's own.
  API_KEY_MISSING: 401,
  API_KEY_INVALID: 401,
  ROLE_FORBIDDEN: 403,
  UNIT_FORBIDDEN: 403,
  IF_MATCH_INVALID: 400,
  IDEMPOTENCY_KEY_INVALID: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  CURSOR_INVALID: 400,
  /** A write without If-Match still conflicting after the server's bounded re-decisions. */
  WRITE_CONTENDED: 503,
  ROUTE_NOT_FOUND: 404,
  EVIDENCE_FILE_NOT_FOUND: 404,
  /** A recorded evidence file whose bytes are gone or no longer hash to its name: not served. */
  EVIDENCE_FILE_DAMAGED: 500,
  // Fastify's and its plugins' errors.
  MALFORMED_JSON: 400,
  EMPTY_BODY: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** Any other 4xx error of Fastify or a plugin: sent with its own status, and its own code when it has one. */
  BAD_REQUEST: 400,
  INTERNAL: 500,
} as const satisfies Record<RaisedErrorCode, Status> & Record<string, Status>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export const PROBLEM_CODE_LIST = Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]];

/** The status a code is sent with; undefined for a code outside the catalogue. */
export function statusOfCode(code: string): number | undefined {
  return Object.hasOwn(PROBLEM_CODES, code) ? PROBLEM_CODES[code as ProblemCode] : undefined;
}
