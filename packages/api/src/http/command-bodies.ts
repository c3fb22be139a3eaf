import {
  entrySchema,
  fieldIssues,
  instantSchema,
  type LedgerStore,
  planYearSchema,
  planYearsIn,
  ValidationError,
} from '@cchc/core';
import type { z } from 'zod';

type CommandObject = z.ZodObject<z.ZodRawShape>;

/**
 * The request body of one command type: the core command's own fields (so the API and the CLI
 * accept exactly the same thing), minus those the URL gives, with `at` (default: now) and the
 * plan `year` (default: the only plan) optional, and `entry` saying which kind of date an old `at`
 * is. Strict: an unknown field is a 400 naming it.
 */
export function commandBody(
  union: { readonly options: readonly CommandObject[] },
  type: string,
  fromUrl: readonly string[],
  overrides: z.ZodRawShape = {},
): CommandObject {
  const command = union.options.find((o) => (o.shape.type as z.ZodLiteral<string>).value === type);
  if (!command) throw new TypeError(`no command ${type}`);
  const omitted = Object.fromEntries(['type', 'at', ...fromUrl].map((k) => [k, true as const]));
  return command
    .omit(omitted)
    .extend({ at: instantSchema.optional(), entry: entrySchema.optional(), ...overrides })
    .strict();
}

export const optionalYear = { year: planYearSchema.optional() };

/** Validates a whole command with its core schema: the route's body checks already named the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError(
      { vi: 'Lệnh', en: 'command' },
      fieldIssues(result.error).map((i) => ({ ...i, path: `body.${i.path}` })),
    );
  return result.data;
}

/** The plan year a request is about: the one it names, or the only plan in the store. */
export async function planYearOf(store: LedgerStore, year: number | undefined): Promise<number> {
  if (year !== undefined) return year;
  const years = await planYearsIn(store);
  if (years.length === 1) return years[0]!;
  throw new ValidationError({ vi: 'Yêu cầu', en: 'request' }, [
    {
      path: 'year',
      message:
        years.length === 0
          ? 'chưa có kế hoạch nào / no plan yet'
          : `có nhiều kế hoạch (${years.join(', ')}), hãy nêu năm / several plans (${years.join(', ')}), name the year`,
    },
  ]);
}
