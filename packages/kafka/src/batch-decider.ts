import {
  type AppendRequest,
  type CommandContext,
  DecisionEngine,
  type EventStore,
  type RuleCode,
  RuleViolationError,
  splitEntry,
  type Verdict,
} from '@cchc/core';
import type { IngestCommand } from './command-message.ts';
import type { RejectReason } from './reject-reason.ts';

/** What became of one command of a batch. */
export type CommandVerdict =
  | { readonly kind: 'accepted'; readonly events: number }
  /** Handled before (same command id in its stream): nothing is written again. */
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string };

export interface BatchDecision {
  readonly verdicts: readonly CommandVerdict[];
  readonly eventCount: number;
  /** The store requests `append()` makes (what the benchmark replays into a store alone). */
  requests(): readonly AppendRequest[];
  /** Appends the batch atomically, each stream at its expected revision; then its state is kept. */
  append(): Promise<void>;
}

const UNKNOWN_TASK_RULES: ReadonlySet<RuleCode> = new Set(['TASK_NOT_DEFINED']);
const UNKNOWN_UNIT_RULES: ReadonlySet<RuleCode> = new Set(['UNIT_UNKNOWN', 'MERGE_TARGET_UNKNOWN']);

/**
 * The Kafka side of the decision engine: a batch of commands from the topic decided in order
 * against state kept between batches (a stream is read once, the first time a command touches
 * it), and verdicts phrased as dead-letter reasons. The worker is the store's only writer (the
 * DuckDB file lock); every append still carries each stream's expected revision, and after a
 * conflict the worker calls `invalidate()` and decides the batch again.
 */
export class BatchDecider {
  private readonly engine: DecisionEngine;

  constructor(
    store: EventStore,
    private readonly defaultActor: string,
    options: { readonly clock?: () => Date } = {},
  ) {
    this.engine = new DecisionEngine(store, { retainState: true, ...(options.clock ? { clock: options.clock } : {}) });
  }

  /** Forgets everything kept (after a revision conflict or a failed append). */
  invalidate(): void {
    this.engine.forget();
  }

  async decide(commands: readonly IngestCommand[]): Promise<BatchDecision> {
    // Grouped by stream: fewer, larger requests; a key (task) promises its stream's order only.
    const batch = this.engine.begin({ logOrder: 'streams' });
    const verdicts: CommandVerdict[] = [];
    for (const { command, envelope } of commands) {
      const context: CommandContext & { commandId: string } = {
        actor: envelope.actor ?? this.defaultActor,
        source: 'kafka',
        commandId: envelope.commandId,
        ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
        ...(envelope.entry ? splitEntry({ entry: envelope.entry }).context : {}),
      };
      verdicts.push(verdictOf(await batch.stage({ command, context })));
    }
    return {
      verdicts,
      eventCount: batch.eventCount,
      requests: () => batch.requests(),
      append: async () => void (await batch.append()),
    };
  }
}

function verdictOf(verdict: Verdict): CommandVerdict {
  switch (verdict.kind) {
    case 'accepted':
      return { kind: 'accepted', events: verdict.eventCount };
    case 'duplicate':
      return { kind: 'duplicate' };
    case 'refused': {
      const { error, unknownUnits } = verdict;
      if (unknownUnits.length > 0) {
        return {
          kind: 'rejected',
          reason: 'unknown-unit',
          message: `đơn vị không tồn tại — unknown unit: ${unknownUnits[0]}`,
        };
      }
      if (error instanceof RuleViolationError) {
        const reason: RejectReason = UNKNOWN_TASK_RULES.has(error.rule)
          ? 'unknown-task'
          : UNKNOWN_UNIT_RULES.has(error.rule)
            ? 'unknown-unit'
            : 'rule-violation';
        return { kind: 'rejected', reason, message: error.message };
      }
      return { kind: 'rejected', reason: 'internal-error', message: error.message };
    }
  }
}
