import type { ProblemAnswer } from '@cchc/api';

/** The dashboard's only way to data: the public API, with the analyst's key. */
const KEY_ITEM = 'cchc.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
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

async function request(path: string, query: Query, key: string | null): Promise<Response> {
  const response = await fetch(withQuery(path, query), { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (response.ok) return response;
  let message = `HTTP ${response.status}`;
  try {
    const problem = (await response.json()) as Partial<ProblemAnswer>;
    const vi = problem.vi ?? problem.title;
    const en = problem.en ?? problem.detail;
    message = [vi, en].filter(Boolean).join(' — ') || message;
  } catch {
    // not problem+json: keep the status line
  }
  throw new ApiError(response.status, message);
}

export async function getJson<T>(path: string, query: Query = {}, key = storedKey()): Promise<T> {
  return (await request(path, query, key)).json() as Promise<T>;
}

export async function getBlob(path: string, query: Query = {}): Promise<Blob> {
  return (await request(path, query, storedKey())).blob();
}
