import { z } from 'zod';
import { eventMetadataSchema, instantSchema } from '../events/envelope.ts';
import type { CommandContext } from './command-context.ts';

const reason = eventMetadataSchema.shape.reason.unwrap();

/**
 * Which kind of date an entry made days after the fact carries (without one, the engine refuses
 * an `at` more than a few days old): history the office already knew then, or news it learns now.
 */
export const entrySchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('backfill'),
        knownAt: instantSchema
          .optional()
          .describe('khi văn phòng biết (mặc định: at) / when the office knew (default: at)'),
        reason,
      })
      .strict(),
    z.object({ kind: z.literal('late'), reason }).strict(),
  ])
  .describe(
    'nhập bù (văn phòng đã biết khi đó) hoặc ghi muộn (văn phòng mới biết) / a backfill (the office knew then) or a late entry (the office learns now)',
  );
export type Entry = z.infer<typeof entrySchema>;

/** The body without its `entry`, and the entry as the command context takes it. */
export function splitEntry<B extends { entry?: Entry }>(
  body: B,
): { fields: Omit<B, 'entry'>; context: Pick<CommandContext, 'backfill' | 'lateEntry'> } {
  const { entry, ...fields } = body;
  if (!entry) return { fields, context: {} };
  if (entry.kind === 'late') return { fields, context: { lateEntry: { reason: entry.reason } } };
  return {
    fields,
    context: { backfill: { reason: entry.reason, ...(entry.knownAt ? { knownAt: entry.knownAt } : {}) } },
  };
}
