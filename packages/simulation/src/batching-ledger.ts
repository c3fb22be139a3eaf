import {
  type AppendRequest,
  type CommandContext,
  type DomainEvent,
  decideReorganisation,
  type EventStore,
  type NewEvent,
  type PlanEvent,
  type PlanState,
  planDecider,
  RuleViolationError,
  type TaskEvent,
  type TaskState,
  taskDecider,
  toNewEvents,
  type UnitEvent,
  type UnitsState,
  unitDecider,
} from '@cchc/core';
import type { TimedStep } from './year-script.ts';

export interface StreamNames {
  plan(year: number): string;
  task(year: number, taskId: string): string;
  unit(unitId: string): string;
}

/**
 * Runs commands through the real deciders against state kept in memory, and appends the events in
 * large atomic batches with the expected revision of every stream. For writing many events fast
 * into a store this process alone writes to (simulation, bulk import): no read per command.
 */
export class BatchingLedger {
  private readonly plans = new Map<string, PlanState>();
  private units: UnitsState = {};
  private readonly tasks = new Map<string, TaskState>();
  private readonly revisions = new Map<string, number>();
  private requests: { streamId: string; expectedRevision: number; events: NewEvent[] }[] = [];
  private pending = 0;
  /** Commands a rule refused, by rule code: the script may ask for something the state forbids. */
  readonly refused = new Map<string, number>();
  /** The first refusal of each rule, as its message. */
  readonly refusedExamples = new Map<string, string>();
  written = 0;

  constructor(
    private readonly store: EventStore,
    private readonly batchEvents = 10_000,
  ) {}

  /**
   * Forgets the decision state of the streams seen so far (pending events stay queued). For
   * independent scopes, such as simulated departments, which never touch each other's streams:
   * without it the unit registry state would grow with every department.
   */
  forgetState(): void {
    this.plans.clear();
    this.units = {};
    this.tasks.clear();
    this.revisions.clear();
  }

  /** Decides one scripted step; `streams` names the streams of the department it belongs to. */
  async apply(timed: TimedStep, commandId: string, streams: StreamNames): Promise<void> {
    const { step } = timed;
    const context: CommandContext = {
      actor: timed.actor,
      source: 'simulation',
      commandId,
      backfill: { recordedAt: timed.recordedAt },
    };
    const at = step.command.at;
    try {
      switch (step.kind) {
        case 'plan': {
          const streamId = streams.plan(step.command.year);
          const state = this.plans.get(streamId) ?? planDecider.initialState();
          const events = planDecider.decide(step.command, state);
          this.plans.set(
            streamId,
            events.reduce<PlanState>((s, e) => planDecider.evolve(s, e as PlanEvent), state),
          );
          this.push([{ streamId, events }], commandId, context, at);
          break;
        }
        case 'task': {
          const streamId = streams.task(step.command.planYear, step.command.taskId);
          const state = this.tasks.get(streamId) ?? taskDecider.initialState();
          const events = taskDecider.decide(step.command, state);
          this.tasks.set(
            streamId,
            events.reduce<TaskState>((s, e) => taskDecider.evolve(s, e), state),
          );
          this.push([{ streamId, events }], commandId, context, at);
          break;
        }
        case 'unit': {
          const events = unitDecider.decide(step.command, this.units);
          this.units = events.reduce<UnitsState>((s, e) => unitDecider.evolve(s, e), this.units);
          this.push([{ streamId: streams.unit(step.command.unitId), events }], commandId, context, at);
          break;
        }
        case 'reorganise': {
          const decisions = decideReorganisation(
            step.command,
            this.units,
            streams.unit(step.command.unitId),
            this.tasks,
          );
          for (const d of decisions) {
            if (d.streamId === streams.unit(step.command.unitId)) {
              this.units = d.events.reduce<UnitsState>((s, e) => unitDecider.evolve(s, e as UnitEvent), this.units);
            } else {
              const state = this.tasks.get(d.streamId)!;
              this.tasks.set(
                d.streamId,
                d.events.reduce<TaskState>((s, e) => taskDecider.evolve(s, e as TaskEvent), state),
              );
            }
          }
          this.push(decisions, commandId, context, at);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
      this.refused.set(error.rule, (this.refused.get(error.rule) ?? 0) + 1);
      if (!this.refusedExamples.has(error.rule)) this.refusedExamples.set(error.rule, error.message);
      return;
    }
    if (this.pending >= this.batchEvents) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.requests.length === 0) return;
    const requests: AppendRequest[] = this.requests.map((r) => ({
      streamId: r.streamId,
      events: r.events,
      expectedRevision: r.expectedRevision < 0 ? 'no_stream' : r.expectedRevision,
    }));
    this.requests = [];
    this.pending = 0;
    const results = await this.store.appendMany(requests);
    this.written += results.reduce((n, r) => n + (r.idempotentReplay ? 0 : r.events.length), 0);
  }

  private push(
    decisions: readonly { streamId: string; events: readonly DomainEvent[] }[],
    commandId: string,
    context: CommandContext,
    at: string,
  ): void {
    let index = 0;
    for (const { streamId, events } of decisions) {
      if (events.length === 0) continue;
      const envelopes = toNewEvents(events, { commandId, context, at, firstIndex: index });
      index += envelopes.length;
      const revision = this.revisions.get(streamId) ?? -1;
      const last = this.requests[this.requests.length - 1];
      if (last && last.streamId === streamId) last.events.push(...envelopes);
      else this.requests.push({ streamId, expectedRevision: revision, events: envelopes });
      this.revisions.set(streamId, revision + envelopes.length);
      this.pending += envelopes.length;
    }
  }
}
