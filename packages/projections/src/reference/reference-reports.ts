import { localDateOf } from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
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
 * R-REPORT-TIMELINESS: each report due by the instant, by its earliest recorded submission (the
 * unit's or a member's): on time 1; late, the penalty per started block of working days; missing 0.
 */
export function reportsComponent(
  facts: Facts,
  plan: PlanFact,
  members: ReadonlySet<string>,
  clock: PlanClock,
  rulebook: Rulebook,
): ReportsComponent {
  const values: number[] = [];
  let missing = 0;
  for (const item of plan.schedule) {
    if (dayEnd(item.due) > clock.asOf) continue;
    const submitted = [...members]
      .map((m) => facts.reports.get(`${m}|${plan.year}|${item.period}`))
      .filter((r): r is string => r !== undefined)
      .sort()[0];
    if (submitted === undefined) {
      values.push(0);
      missing += 1;
      continue;
    }
    const on = localDateOf(submitted);
    if (on <= item.due) values.push(1);
    else {
      const late = workingDaysBetween(item.due, on, new Set(rulebook.holidays));
      values.push(
        Math.max(0, 1 - rulebook.reports.latePenaltyPerBlock * Math.ceil(late / rulebook.reports.lateBlockWorkingDays)),
      );
    }
  }
  return { value: values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : null, missing };
}

/** Working days (Mon–Fri, not a holiday) d with from < d ≤ to. */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t);
    const weekday = date.getUTCDay();
    if (weekday >= 1 && weekday <= 5 && !holidays.has(date.toISOString().slice(0, 10))) count += 1;
  }
  return count;
}
