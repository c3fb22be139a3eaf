import { EVIDENCE_COMMAND_ACTIONS } from '../deciders/evidence-decider.ts';
import { INDEX_COMMAND_ACTIONS } from '../deciders/index-decider.ts';
import { PLAN_COMMAND_ACTIONS } from '../deciders/plan-decider.ts';
import { type RuleSubject, RuleViolationError } from '../deciders/rule-violation.ts';
import { TASK_COMMAND_ACTIONS } from '../deciders/task-decider.ts';
import { UNIT_COMMAND_ACTIONS } from '../deciders/unit-decider.ts';
import { isEndOfLocalDay, localDateOf, localDaysBetween } from '../time/local-time.ts';
import type { CommandContext } from './command-context.ts';
import {
  isEvidenceCommand,
  isIndexCommand,
  isPlanCommand,
  isTaskCommand,
  type LedgerCommand,
} from './ledger-command.ts';

/** How far a clock may run ahead of the engine's before an instant counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Entry dates: when a command says it happened, against now. */
export interface EntryDateRules {
  /** Whole local days after which an `at` must say which kind of date it is (default 3). */
  readonly lateAfterDays: number;
}

export const DEFAULT_ENTRY_DATE_RULES: EntryDateRules = { lateAfterDays: 3 };

/**
 * The instant a command is recorded as happening. Nothing can have happened after now; a bare date
 * for today (the end of today) means "today", so it is recorded as now rather than refused.
 */
export function effectiveAt(command: LedgerCommand, now: Date): string | RuleViolationError {
  const at = Date.parse(command.at);
  if (at <= now.getTime() + CLOCK_SKEW_MS) return command.at;
  if (isEndOfLocalDay(command.at) && localDateOf(command.at) === localDateOf(now)) return now.toISOString();
  return new RuleViolationError('OCCURRED_IN_FUTURE', subjectOf(command), {
    vi: `${command.at} sau thời điểm hiện tại ${now.toISOString()}`,
    en: `${command.at} is after now, ${now.toISOString()}`,
  });
}

/** The channels through which people and units' systems enter what happened. */
const ENTRY_CHANNELS: ReadonlySet<string> = new Set(['cli', 'api', 'kafka']);

/**
 * An entry (through the CLI, the API or Kafka) dated days before now must say which kind of date
 * it is: history the office already knew then (a backfill, with when it knew and why), or news
 * the office learns only now (a late entry, with why). A periodic report with the office's receipt
 * date says it already. Programmatic sources (simulation, import, system, test) are exempt.
 */
export function unexplainedLateEntry(
  command: LedgerCommand,
  context: CommandContext,
  now: Date,
  rules: EntryDateRules = DEFAULT_ENTRY_DATE_RULES,
): RuleViolationError | undefined {
  if (context.backfill || context.lateEntry || !ENTRY_CHANNELS.has(context.source)) return undefined;
  if (command.type === 'SubmitPeriodicReport' && command.receivedOn !== undefined) return undefined;
  const days = localDaysBetween(command.at, now);
  if (days <= rules.lateAfterDays) return undefined;
  return new RuleViolationError('LATE_ENTRY_UNEXPLAINED', subjectOf(command), {
    vi: `${localDateOf(command.at)} là ${days} ngày trước`,
    en: `${localDateOf(command.at)} is ${days} days ago`,
  });
}

/** A receipt date cannot lie after today. */
export function receiptInFuture(command: LedgerCommand, now: Date): RuleViolationError | undefined {
  if (command.type !== 'SubmitPeriodicReport' || command.receivedOn === undefined) return undefined;
  if (command.receivedOn <= localDateOf(now)) return undefined;
  return new RuleViolationError('OCCURRED_IN_FUTURE', subjectOf(command), {
    vi: `ngày nhận ${command.receivedOn} sau hôm nay`,
    en: `received on ${command.receivedOn}, after today`,
  });
}

function subjectOf(command: LedgerCommand): RuleSubject {
  const action = isPlanCommand(command)
    ? PLAN_COMMAND_ACTIONS[command.type]
    : isTaskCommand(command)
      ? TASK_COMMAND_ACTIONS[command.type]
      : isEvidenceCommand(command)
        ? EVIDENCE_COMMAND_ACTIONS[command.type]
        : isIndexCommand(command)
          ? INDEX_COMMAND_ACTIONS[command.type]
          : UNIT_COMMAND_ACTIONS[command.type];
  return {
    action,
    ...('taskId' in command ? { taskId: command.taskId } : {}),
    ...('unitId' in command && command.unitId ? { unitId: command.unitId } : {}),
    ...('departmentId' in command ? { unitId: command.departmentId } : {}),
  };
}
