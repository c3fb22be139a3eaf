import { type Area, endOfLocalDay, localDateOf } from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { yearEndCutoff } from '../rulebook/rulebook-values.ts';
import type { AssignmentFact, TaskFact } from './reference-facts.ts';

/** The score of one assignment at an instant, as the reference computes it. */

export interface ScoredAssignment {
  readonly area: Area;
  /** null when not scored (not a lead assignment, or not scorable at the instant). */
  readonly s: number | null;
  readonly overdue: boolean;
}

/** The instant, with what it means for one plan year. */
export interface PlanClock {
  readonly asOf: number;
  readonly year: number;
  readonly yearEnd: number;
  readonly quartersElapsed: number;
}

export const dayEnd = (date: string): number => Date.parse(endOfLocalDay(date));

/** R-CUTOFF: from the year-end cutoff on, all 4 quarters have elapsed; before it, those whose last day has ended. */
export function planClock(rulebook: Rulebook, year: number, asOf: number): PlanClock {
  const yearEnd = Date.parse(yearEndCutoff(rulebook, year));
  const quartersElapsed =
    asOf >= yearEnd
      ? 4
      : [`${year}-03-31`, `${year}-06-30`, `${year}-09-30`, `${year}-12-31`].filter((q) => dayEnd(q) <= asOf).length;
  return { asOf, year, yearEnd, quartersElapsed };
}

/** R-DUE-IN-FORCE: the plan's date, then each decision in log order taken on or before the due date in force. */
function dueInForce(task: TaskFact, a: AssignmentFact): string | undefined {
  if (task.deadlineKind === 'ongoing') return undefined;
  let due = task.deadlineKind === 'date' ? task.deadlineDue : undefined;
  for (const set of [...task.deadlineSets, ...a.deadlineSets].sort((x, y) => x.position - y.position)) {
    if (due === undefined || set.decidedOn <= due) due = set.due;
  }
  return due;
}

/**
 * R-SCORABLE: ongoing once a quarter has elapsed; dated when completed, due by the instant, or due in
 * the plan year at the year-end cutoff. R-CONDITIONAL: without a due date, never. R-CANCELLED: never.
 */
function isScorable(task: TaskFact, due: string | undefined, completed: boolean, cancelled: boolean, clock: PlanClock) {
  if (cancelled) return false;
  if (task.deadlineKind === 'ongoing') return clock.quartersElapsed > 0;
  if (due === undefined) return false;
  return completed || dayEnd(due) <= clock.asOf || (clock.asOf >= clock.yearEnd && due.startsWith(`${clock.year}-`));
}

/** R-ONGOING: quarters elapsed with progress / quarters elapsed. */
function ongoingScore(a: AssignmentFact, clock: PlanClock): number {
  const quarters = new Set(
    a.progressDates
      .map((date) => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1)
      .filter((q) => q <= clock.quartersElapsed),
  );
  return quarters.size / clock.quartersElapsed;
}

/** R-QUALITY: the return penalty per returned product, floor 0. */
function quality(a: AssignmentFact, rulebook: Rulebook): number {
  return Math.max(0, 1 - rulebook.assignment.returnPenalty * a.returns);
}

/** R-TIMELINESS: 1 on time or excused; else the late penalty per started block of calendar days late, floor 0. */
function timeliness(a: AssignmentFact, completedOn: string, due: string, rulebook: Rulebook): number {
  const daysLate =
    completedOn > due
      ? Math.round((Date.parse(`${completedOn}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000)
      : 0;
  if (a.excused || daysLate === 0) return 1;
  return Math.max(
    0,
    1 - rulebook.assignment.latePenaltyPerBlock * Math.ceil(daysLate / rulebook.assignment.lateBlockDays),
  );
}

/** R-COMPLETION: s = (C + Q + L)/3 with C = 1 when completed by the instant, else s = 0. */
function datedScore(a: AssignmentFact, due: string, completed: boolean, rulebook: Rulebook): number {
  if (!completed || a.completedAt === undefined) return 0;
  return (1 + quality(a, rulebook) + timeliness(a, localDateOf(a.completedAt), due, rulebook)) / 3;
}

export function scoreAssignment(
  task: TaskFact,
  a: AssignmentFact,
  clock: PlanClock,
  rulebook: Rulebook,
): ScoredAssignment {
  // R-COMPLETION: completed when the last of its completions and reopenings is a completion.
  const completed = a.lastCompletePos > a.lastReopenPos;
  const cancelled = task.cancelled || a.cancelled;
  const due = dueInForce(task, a);
  let s: number | null = null;
  // R-LEAD-ONLY: only lead assignments are scored.
  if (a.role === 'lead' && isScorable(task, due, completed, cancelled, clock)) {
    if (task.deadlineKind === 'ongoing') s = ongoingScore(a, clock);
    else if (due !== undefined) s = datedScore(a, due, completed, rulebook);
  }
  const overdue = a.role === 'lead' && !cancelled && due !== undefined && !completed && dayEnd(due) < clock.asOf;
  return { area: task.area, s, overdue };
}
