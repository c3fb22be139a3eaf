import { z } from 'zod';

/** One command type: a literal `type` and strict fields (unknown fields are errors at the edges). */
export function commandSchema<const T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), ...shape }).strict();
}
