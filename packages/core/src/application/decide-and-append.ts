import type { Decider } from '../deciders/decider.ts';
import { ConcurrencyError } from '../errors/store-errors.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { NO_STREAM_REVISION } from '../event-store/expected-revision.ts';
import { CURRENT_SCHEMA_VERSION, type DomainEvent } from '../events/domain/domain-event.ts';
import { upcast } from '../events/domain/upcasters.ts';
import type { NewEvent, RecordedEvent } from '../events/envelope.ts';
import { type CommandContext, eventIdFor, metadataFor, newCommandId } from './command-context.ts';

export interface CommandOutcome {
  readonly streamId: string;
  readonly commandId: string;
  readonly events: readonly {
    readonly eventId: string;
    readonly type: string;
    readonly globalPosition: number;
    readonly streamRevision: number;
  }[];
  /** The command had been handled before (same command id): nothing new was written. */
  readonly alreadyHandled: boolean;
}

export interface DecideAndAppendRequest<State, Command, Event extends DomainEvent> {
  readonly store: EventStore;
  readonly decider: Decider<State, Command, Event>;
  readonly command: Command & { readonly at: string };
  readonly context: CommandContext;
  /** The stream the events are written to (its revision is the expected one). */
  readonly writeStream: string;
  /** Other streams whose events the decision needs (merge targets…). */
  readonly readStreams?: readonly string[];
}

const MAX_ATTEMPTS = 3;

/**
 * When the command's first event (its id derives from the command id) is already in the stream
 * it writes to, the command was handled before: what it wrote then, across every stream.
 */
export async function previousOutcome(
  store: EventStore,
  ownEvents: readonly RecordedEvent[],
  streamId: string,
  commandId: string,
): Promise<CommandOutcome | undefined> {
  const first = ownEvents.find((e) => e.eventId === eventIdFor(commandId, 0));
  if (!first) return undefined;
  // One command is one atomic append, so its events are contiguous in the log.
  const log = await store.readAll({ fromPosition: first.globalPosition, limit: 1_000 });
  const end = log.findIndex((e) => e.metadata.causationId !== commandId);
  const mine = end < 0 ? log : log.slice(0, end);
  return {
    streamId,
    commandId,
    alreadyHandled: true,
    events: mine.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      globalPosition: e.globalPosition,
      streamRevision: e.streamRevision,
    })),
  };
}

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

/**
 * Loads the state, decides, appends with the write stream's revision as the expected one, and on
 * a concurrent change decides again (up to three times). A command id seen before in the write
 * stream answers with what it wrote then.
 */
export async function decideAndAppend<State, Command, Event extends DomainEvent>(
  request: DecideAndAppendRequest<State, Command, Event>,
): Promise<CommandOutcome> {
  const { store, decider, command, context, writeStream } = request;
  const commandId = context.commandId ?? newCommandId();
  for (let attempt = 1; ; attempt++) {
    let state = decider.initialState();
    for (const streamId of request.readStreams ?? []) {
      if (streamId === writeStream) continue;
      for (const e of await store.readStream(streamId)) state = decider.evolve(state, upcast(e) as unknown as Event);
    }
    const own = await store.readStream(writeStream);
    const previous = await previousOutcome(store, own, writeStream, commandId);
    if (previous) return previous;
    const current = own.length === 0 ? NO_STREAM_REVISION : own[own.length - 1]!.streamRevision;
    if (context.expectedRevision !== undefined && context.expectedRevision !== current) {
      throw new ConcurrencyError(writeStream, context.expectedRevision, current);
    }
    for (const e of own) state = decider.evolve(state, upcast(e) as unknown as Event);
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { streamId: writeStream, commandId, alreadyHandled: false, events: [] };

    const newEvents = toNewEvents(decided, { commandId, context, at: command.at });
    try {
      const result = await store.appendToStream(writeStream, newEvents, {
        expectedRevision: current < 0 ? 'no_stream' : current,
      });
      return {
        streamId: writeStream,
        commandId,
        alreadyHandled: result.idempotentReplay,
        events: result.events.map((r, i) => ({ ...r, type: decided[i]!.type })),
      };
    } catch (error) {
      const retry = context.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (retry && (error as { code?: string }).code === 'CONCURRENCY_CONFLICT') continue;
      throw error;
    }
  }
}
