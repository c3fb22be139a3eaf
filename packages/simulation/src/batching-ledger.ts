import {
  type CommandContext,
  type DecisionBatch,
  DecisionEngine,
  type EventStore,
  RuleViolationError,
  type StreamNames,
} from '@cchc/core';
import type { TimedStep } from './year-script.ts';

/** Why every simulated event is a backfill. */
const SIMULATED = 'năm mô phỏng (cchc simulate) / a simulated year';

/**
 * Runs scripted commands through the decision engine with its state kept in memory, and appends
 * the events in large atomic batches with the expected revision of every stream. For writing many
 * events fast into an empty store this process alone writes to (simulation): no read at all, merges
 * decided over the task streams the engine has seen.
 */
export class BatchingLedger {
  private readonly engine: DecisionEngine;
  private batch: DecisionBatch;
  /** Commands a rule refused, by rule code: the script may ask for something the state forbids. */
  readonly refused = new Map<string, number>();
  /** The first refusal of each rule, as its message. */
  readonly refusedExamples = new Map<string, string>();
  written = 0;
  /** Steps the script dates after now: a year still under way is simulated up to today only. */
  notYetKnown = 0;

  constructor(
    store: EventStore,
    private readonly batchEvents = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.engine = new DecisionEngine(store, { freshStore: true, clock: now });
    this.batch = this.engine.begin();
  }

  /**
   * Forgets the decision state of the streams seen so far (pending events stay queued). For
   * independent scopes, such as simulated departments, which never touch each other's streams:
   * without it the state kept would grow with every department.
   */
  forgetState(): void {
    this.engine.forget();
  }

  /** Decides one scripted step; `streams` names the streams of the department it belongs to. */
  async apply(timed: TimedStep, commandId: string, streams: StreamNames): Promise<void> {
    if (Date.parse(timed.recordedAt) > this.now().getTime()) {
      this.notYetKnown += 1;
      return;
    }
    const context: CommandContext & { commandId: string } = {
      actor: timed.actor,
      source: 'simulation',
      commandId,
      backfill: { knownAt: timed.recordedAt, reason: SIMULATED },
    };
    const verdict = await this.batch.stage({ command: timed.step.command, context, streams });
    if (verdict.kind === 'refused') {
      if (!(verdict.error instanceof RuleViolationError)) throw verdict.error;
      const { rule, message } = verdict.error;
      this.refused.set(rule, (this.refused.get(rule) ?? 0) + 1);
      if (!this.refusedExamples.has(rule)) this.refusedExamples.set(rule, message);
      return;
    }
    if (this.batch.eventCount >= this.batchEvents) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = this.engine.begin();
    const result = await batch.append();
    if (!result.idempotentReplay) this.written += result.eventCount;
  }
}
