import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import type { EventMetadata, EventSource } from '../events/envelope.ts';

/** Fixed namespace for event ids derived from command ids (RFC 9562 name-based, SHA-1). */
const EVENT_ID_NAMESPACE = '6f1c1f7e-6a51-4c1e-9a39-2f0c6c1a0d25';

/**
 * The i-th event caused by a command. A command delivered twice derives the same ids, so the
 * store's idempotency makes at-least-once delivery effectively once.
 */
export function eventIdFor(commandId: string, index: number): string {
  return uuidV5(`${commandId}#${index}`, EVENT_ID_NAMESPACE);
}

/** Who issues a command, from where, and how it is to be recorded. */
export interface CommandContext {
  readonly actor: string;
  readonly source: EventSource;
  /** The unit the actor acts for, when there is one. */
  readonly unitId?: string;
  /** Stable id of the command: retries must reuse it. Generated when absent. */
  readonly commandId?: string;
  readonly correlationId?: string;
  /**
   * History entered late that the office already knew: the events are marked `backfill` and carry
   * the claim of when the office knew (default: the command's `at`) and why.
   */
  readonly backfill?: { readonly knownAt?: string; readonly reason: string };
  /**
   * Something that happened earlier and that the office learns only now: known when recorded,
   * with the reason it comes late. (Without this or `backfill`, an `at` more than a few days old is
   * refused: the entry must say which kind of date it is.)
   */
  readonly lateEntry?: { readonly reason: string };
  /**
   * The revision the caller last saw of the stream the command writes to (an HTTP If-Match):
   * when the stream has moved on, the command is refused with a ConcurrencyError, not re-decided.
   */
  readonly expectedRevision?: number;
  /** How a command without `expectedRevision` is re-decided after a concurrent change (handleCommand). */
  readonly conflictRetry?: ConflictRetry;
}

/** Decisions in all (the first included) and the wait before each new one. */
export interface ConflictRetry {
  readonly attempts: number;
  /** Milliseconds to wait after failed attempt `attempt` (1-based); none when absent. */
  readonly delayMs?: (attempt: number) => number;
}

/** Exponential backoff with full jitter: a random wait below min(cap, base × 2^(attempt−1)). */
export function jitteredBackoff(baseMs: number, capMs: number): (attempt: number) => number {
  return (attempt) => Math.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}

export function metadataFor(ctx: CommandContext, commandId: string, at: string): EventMetadata {
  return {
    actor: ctx.actor,
    source: ctx.backfill ? 'backfill' : ctx.source,
    ...(ctx.unitId ? { unitId: ctx.unitId } : {}),
    causationId: commandId,
    correlationId: ctx.correlationId ?? commandId,
    ...(ctx.backfill ? { knownAt: ctx.backfill.knownAt ?? at, reason: ctx.backfill.reason } : {}),
    ...(ctx.lateEntry && !ctx.backfill ? { reason: ctx.lateEntry.reason } : {}),
  };
}

export function newCommandId(): string {
  return randomUUID();
}
