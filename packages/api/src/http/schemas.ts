import { AREAS, normaliseInstant, taskIdSchema, unitIdSchema } from '@cchc/core';
import { z } from 'zod';
import { HttpProblem } from './problem.ts';

/** Query and path pieces shared by the routes. Unknown query fields are refused (strict objects). */
export const yearParam = z.coerce.number().int().min(2000).max(2100);
export const asOfQuery = z
  .string()
  .refine(
    (v) => normaliseInstant(v) !== undefined,
    'thời điểm không hợp lệ (ví dụ 2025-12-15T23:59:59+07:00) / invalid instant (e.g. 2025-12-15T23:59:59+07:00)',
  )
  .transform((v) => normaliseInstant(v)!);
export const limitQuery = z.coerce.number().int().min(1).max(1000).default(100);
export const cursorQuery = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'con trỏ không hợp lệ / invalid cursor');
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const areaQuery = z.enum(AREAS);
export const taskIdParam = taskIdSchema;
/** Plan and indicator ids: a letter or digit, then letters, digits, `.`, `_`, `-`. */
export const planIdParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'mã không hợp lệ / invalid id');
export const unitIdParam = unitIdSchema;
/** Stream ids as the product writes them: `plan-2025`, `task-2025-II.3`, `unit-vp-so`, `ranking-…`. */
export const streamIdParam = z
  .string()
  .regex(/^(plan|task|unit|ranking)-[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'mã luồng không hợp lệ / invalid stream id')
  .refine((s) => !s.includes('..'), 'mã luồng không hợp lệ / invalid stream id');
/** An event recorded more than this many days after it happened is back-dated (GET /v1/back-dated's default). */
export const BACK_DATED_DAYS = 7;
/** The plan an analysis is about (default: every plan) and the instant (default: now). */
export const analysisQuery = z.object({ planId: planIdParam.optional(), asOf: asOfQuery.optional() }).strict();

/**
 * Cursors are opaque to clients: a log position and a tiebreak, and for lists computed "as of" an
 * instant the snapshot (log position and instant) of the first page, so later pages are cut from
 * the same list. Base64url-encoded JSON.
 */
export interface Cursor {
  readonly position: number;
  readonly tiebreak: string;
  readonly snapshot?: { readonly position: number; readonly asOf: string };
}

export function encodeCursor(position: number, tiebreak = '', snapshot?: Cursor['snapshot']): string {
  const parts: unknown[] = snapshot ? [position, tiebreak, snapshot.position, snapshot.asOf] : [position, tiebreak];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor {
  if (cursor === undefined) return { position: -1, tiebreak: '' };
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      if (value.length === 2) return { position: value[0] as number, tiebreak: value[1] };
      if (
        value.length === 4 &&
        Number.isSafeInteger(value[2]) &&
        typeof value[3] === 'string' &&
        normaliseInstant(value[3]) === value[3]
      ) {
        return {
          position: value[0] as number,
          tiebreak: value[1],
          snapshot: { position: value[2] as number, asOf: value[3] },
        };
      }
    }
  } catch {
    // reported below
  }
  throw invalidCursor();
}

/** The 400 for a cursor this server did not make (or not for this list). */
export const invalidCursor = (): HttpProblem =>
  new HttpProblem('CURSOR_INVALID', { vi: 'Con trỏ phân trang không hợp lệ', en: 'invalid page cursor' });
