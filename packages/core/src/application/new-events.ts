import { CURRENT_SCHEMA_VERSION, type DomainEvent } from '../events/domain/domain-event.ts';
import type { NewEvent } from '../events/envelope.ts';
import { type CommandContext, eventIdFor, metadataFor } from './command-context.ts';

/**
 * Wraps decided domain events in envelopes: ids derived from the command id (from `firstIndex`),
 * the context's metadata, the command's instant, and a backfill's recordedAt.
 */
export function toNewEvents(
  decided: readonly DomainEvent[],
  options: { commandId: string; context: CommandContext; at: string; firstIndex?: number },
): NewEvent[] {
  const metadata = metadataFor(options.context, options.commandId);
  const recordedAt = options.context.backfill ? (options.context.backfill.recordedAt ?? options.at) : undefined;
  const first = options.firstIndex ?? 0;
  return decided.map((e, i) => ({
    eventId: eventIdFor(options.commandId, first + i),
    type: e.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[e.type],
    data: e.data,
    metadata,
    occurredAt: options.at,
    ...(recordedAt ? { recordedAt } : {}),
  }));
}
