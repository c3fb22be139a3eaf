import { localDateOf } from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { rulebookCalendar } from '../rulebook/rulebook-values.ts';
import { dayEnd, type PlanClock } from './reference-assignments.ts';
import type { Facts, PlanFact } from './reference-facts.ts';

export interface ReportsComponent {
  /** Mean value of the reports due; null when none is due. */
  readonly value: number | null;
  readonly missing: number;
}

/** R-REORGANISATION: the unit and every unit merged or split into it, directly or through a chain. */
export function membersOf(unitId: string, predecessors: ReadonlyMap<string, readonly string[]>): Set<string> {
  const members = new Set([unitId]);
  const queue = [unitId];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const from of predecessors.get(next) ?? []) {
      if (!members.has(from)) {
        members.add(from);
        queue.push(from);
      }
    }
  }
  return members;
}

/**
 * R-REPORT-TIMELINESS: each report due by the instant, by its earliest submission (the unit's or a
 * member's; earliest by its date, then its knowledge time, then its position): on time 1; late, the
 * penalty per started block of working days; missing 0. R-REPORT-RECEIPT: a submission is dated by
 * the office's receipt date when it gave one, else by the local day it was known, and counts once
 * that day has come.
 */
export function reportsComponent(
  facts: Facts,
  plan: PlanFact,
  members: ReadonlySet<string>,
  clock: PlanClock,
  rulebook: Rulebook,
): ReportsComponent {
  const today = localDateOf(new Date(clock.asOf));
  const calendar = workingCalendar(rulebook);
  const values: number[] = [];
  let missing = 0;
  for (const item of plan.schedule) {
    if (dayEnd(item.due) > clock.asOf) continue;
    const submitted = [...members]
      .flatMap((m) => facts.reports.get(`${m}|${plan.year}|${item.period}`) ?? [])
      .filter((r) => r.datedOn <= today)
      .sort((a, b) => compare(a.datedOn, b.datedOn) || compare(a.knownAt, b.knownAt) || a.position - b.position)[0];
    if (submitted === undefined) {
      values.push(0);
      missing += 1;
      continue;
    }
    const on = submitted.datedOn;
    if (on <= item.due) values.push(1);
    else {
      const late = workingDaysBetween(item.due, on, calendar);
      values.push(
        Math.max(0, 1 - rulebook.reports.latePenaltyPerBlock * Math.ceil(late / rulebook.reports.lateBlockWorkingDays)),
      );
    }
  }
  return { value: values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : null, missing };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface WorkingCalendar {
  readonly holidays: ReadonlySet<string>;
  readonly workingDays: ReadonlySet<string>;
}

function workingCalendar(rulebook: Rulebook): WorkingCalendar {
  const { holidays, workingDays } = rulebookCalendar(rulebook);
  return { holidays: new Set(holidays), workingDays: new Set(workingDays) };
}

/** Working days d with from < d ≤ to: Mon–Fri not a holiday, or a working weekend day (làm bù). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t);
    const day = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay();
    if (calendar.workingDays.has(day) || (weekday >= 1 && weekday <= 5 && !calendar.holidays.has(day))) count += 1;
  }
  return count;
}
