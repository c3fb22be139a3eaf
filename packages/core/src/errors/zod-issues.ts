import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './cchc-error.ts';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
      .join('.')
      .replace(/\.\[/g, '['),
    message: issue.message,
  }));
}

/** Parses with a zod schema or throws a ValidationError naming the fields. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: { vi: string; en: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, fieldIssues(result.error));
  return result.data;
}
