import type { EventStore } from '../event-store/event-store.ts';
import { type CommandContext, type ConflictRetry, newCommandId } from './command-context.ts';
import { DecisionEngine, type DecisionEngineOptions } from './decision-engine.ts';
import type { LedgerCommand } from './ledger-command.ts';

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

/** Today's default for the CLI: three decisions, no wait (a caller's context may say otherwise). */
const DEFAULT_RETRY: ConflictRetry = { attempts: 3 };

/**
 * Decides one command and appends its events (the CLI's and the API's path). A command id seen
 * before in the stream it acts on answers with what it wrote then. On a concurrent change the
 * command is decided again (`context.conflictRetry`: three times by default), unless the caller named the revision it expects
 * (If-Match): then the conflict is the answer. A refused command throws its RuleViolationError.
 */
export async function handleCommand(
  store: EventStore,
  command: LedgerCommand,
  context: CommandContext,
  options: Pick<DecisionEngineOptions, 'directory' | 'clock' | 'entryDates'> = {},
): Promise<CommandOutcome> {
  const commandId = context.commandId ?? newCommandId();
  const engine = new DecisionEngine(store, options);
  const retry = context.conflictRetry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    const batch = engine.begin();
    const verdict = await batch.stage({ command, context: { ...context, commandId } });
    if (verdict.kind === 'refused') throw verdict.error;
    if (verdict.kind === 'duplicate') return previousOutcome(store, verdict.streamId, commandId, verdict.firstPosition);
    try {
      const result = await batch.append();
      return {
        streamId: verdict.streamId,
        commandId,
        alreadyHandled: result.idempotentReplay,
        events: result.eventsOf(0),
      };
    } catch (error) {
      const again = context.expectedRevision === undefined && attempt < retry.attempts;
      if (!again || (error as { code?: string }).code !== 'CONCURRENCY_CONFLICT') throw error;
      const wait = retry.delayMs?.(attempt) ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * What a command handled before wrote, across every stream: one command is one atomic append, so
 * its events are contiguous in the log from its first one.
 */
async function previousOutcome(
  store: EventStore,
  streamId: string,
  commandId: string,
  firstPosition: number | undefined,
): Promise<CommandOutcome> {
  const log = firstPosition === undefined ? [] : await store.readAll({ fromPosition: firstPosition, limit: 1_000 });
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
