import type { ProblemAnswer } from '@cchc/api';

/** The dashboard's only way to data: the public API, with the analyst's key. */
const KEY_ITEM = 'cchc.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problem's texts and rule, when the answer was problem+json. */
    readonly problem?: Partial<ProblemAnswer>,
  ) {
    super(message);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key.trim());
export const forgetKey = (): void => sessionStorage.removeItem(KEY_ITEM);

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request(path: string, query: Query, key: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) };
  const response = await fetch(withQuery(path, query), { ...init, headers });
  if (response.ok) return response;
  let message = `HTTP ${response.status}`;
  let problem: Partial<ProblemAnswer> | undefined;
  try {
    problem = (await response.json()) as Partial<ProblemAnswer>;
    const vi = problem.vi ?? problem.title;
    const en = problem.en ?? problem.detail;
    message = [vi, en].filter(Boolean).join(' — ') || message;
  } catch {
    // not problem+json: keep the status line
  }
  throw new ApiError(response.status, message, problem);
}

/**
 * A command through the API. The idempotency key belongs to the form, not the click: a double
 * click or a retry after a lost answer sends the same key, and the server records one command.
 */
export async function postJson<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
  const response = await request(path, {}, storedKey(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<T>;
}

export async function getJson<T>(path: string, query: Query = {}, key = storedKey()): Promise<T> {
  return (await request(path, query, key)).json() as Promise<T>;
}

export async function getBlob(path: string, query: Query = {}, init: RequestInit = {}): Promise<Blob> {
  return (await request(path, query, storedKey(), init)).blob();
}

/** What POST /v1/evidence answers that the page uses. */
export interface UploadedEvidence {
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
}

/**
 * Uploads an evidence file (the body is the file; the server stores it under its SHA-256, once),
 * reporting the bytes sent. XMLHttpRequest, because fetch reports no upload progress.
 */
export function uploadEvidence(
  file: File,
  unitId: string,
  onProgress: (sent: number, total: number) => void,
): Promise<UploadedEvidence> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery('/v1/evidence', { fileName: file.name, unitId }));
    const key = storedKey();
    if (key) xhr.setRequestHeader('authorization', `Bearer ${key}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network error'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as UploadedEvidence);
      const problem = (body ?? {}) as Partial<ProblemAnswer>;
      reject(
        new ApiError(xhr.status, [problem.vi, problem.en].filter(Boolean).join(' — ') || `HTTP ${xhr.status}`, problem),
      );
    };
    xhr.send(file);
  });
}
