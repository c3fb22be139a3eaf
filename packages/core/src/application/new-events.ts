import { CURRENT_SCHEMA_VERSION, type DomainEvent } from '../events/domain/domain-event.ts';
import type { NewEvent } from '../events/envelope.ts';
import { type CommandContext, eventIdFor, metadataFor } from './command-context.ts';

/**
 * Wraps decided domain events in envelopes: ids derived from the command id (from `firstIndex`),
 * the context's metadata (with a backfill's claim of when the office knew) and the command's instant.
 */
export function toNewEvents(
  decided: readonly DomainEvent[],
  options: { commandId: string; context: CommandContext; at: string; firstIndex?: number },
): NewEvent[] {
  const metadata = metadataFor(options.context, options.commandId, options.at);
  const first = options.firstIndex ?? 0;
  return decided.map((e, i) => ({
    eventId: eventIdFor(options.commandId, first + i),
    type: e.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[e.type],
    data: e.data,
    metadata,
    occurredAt: options.at,
  }));
}
