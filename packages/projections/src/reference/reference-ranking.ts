import { endOfLocalDay, localDateOf, type RecordedEvent } from '@cchc/core';
import { type Rulebook, yearEndCutoff } from '../rulebook/rulebook.ts';

/**
 * The rulebook as a plain event-by-event fold, written from docs/scoring.md independently of the
 * SQL. It is the oracle of the differential tests and the "TypeScript fold" of the benchmark.
 */

export interface ReferenceUnitScore {
  readonly planId: string;
  readonly unitId: string;
  readonly tasksValue: number | null;
  readonly reportsValue: number | null;
  readonly bonus: number;
  readonly deductions: number;
  readonly score: number | null;
  readonly band: string | null;
  readonly rank: number | null;
  readonly overdue: number;
}

interface Assignment {
  role: 'lead' | 'coordinator';
  holder: string;
  cancelled: boolean;
  lastCompletePos: number;
  lastReopenPos: number;
  completedAt: string | undefined;
  returns: number;
  excused: boolean;
  lastProductStep: string | undefined;
  progressDates: string[];
  deadlineSets: DeadlineSetFact[];
}

interface DeadlineSetFact {
  readonly position: number;
  readonly decidedOn: string;
  readonly due: string;
}

interface TaskFact {
  planId: string | undefined;
  year: number;
  area: string;
  deadlineKind: string;
  deadlineDue: string | undefined;
  cancelled: boolean;
  deadlineSets: DeadlineSetFact[];
  /** The slot each unit currently holds in this task. */
  holders: Map<string, Assignment>;
}

type Data = Record<string, unknown>;

export function referenceRanking(
  events: readonly RecordedEvent[],
  asOf: string,
  position: number,
  rulebook: Rulebook,
): ReferenceUnitScore[] {
  const T = Date.parse(asOf);
  const visible = events
    .filter((e) => e.globalPosition <= position && Date.parse(e.recordedAt) <= T && Date.parse(e.occurredAt) <= T)
    .sort((a, b) => a.globalPosition - b.globalPosition);

  const plans = new Map<string, { year: number; schedule: { period: string; due: string }[] }>();
  const unitNames = new Map<string, string>();
  const ended = new Set<string>();
  const successor = new Map<string, string>();
  const tasks = new Map<string, TaskFact>();
  /** Earliest recordedAt of each (unit, year, period) report. */
  const reports = new Map<string, string>();
  const recognitions = new Map<string, { kind: string; level?: string; sanctionKind?: string; occurredAt: string }[]>();
  const recognise = (unitId: string, r: { kind: string; level?: string; sanctionKind?: string; occurredAt: string }) =>
    recognitions.set(unitId, [...(recognitions.get(unitId) ?? []), r]);

  const newAssignment = (role: 'lead' | 'coordinator', holder: string): Assignment => ({
    role,
    holder,
    cancelled: false,
    lastCompletePos: -1,
    lastReopenPos: -1,
    completedAt: undefined,
    returns: 0,
    excused: false,
    lastProductStep: undefined,
    progressDates: [],
    deadlineSets: [],
  });

  for (const e of visible) {
    const d = e.data as Data;
    const task = tasks.get(e.streamId);
    const slot = task && typeof d.unitId === 'string' ? task.holders.get(d.unitId) : undefined;
    switch (e.type) {
      case 'PlanIssued':
        if (!plans.has(d.planId as string)) {
          plans.set(d.planId as string, {
            year: d.year as number,
            schedule: (d.reportSchedule as { period: string; due: string }[]) ?? [],
          });
        }
        break;
      case 'TaskDefined': {
        const deadline = d.deadline as { kind: string; due?: string };
        const fact: TaskFact = {
          planId: d.planId as string | undefined,
          year: d.planYear as number,
          area: d.area as string,
          deadlineKind: deadline.kind,
          deadlineDue: deadline.kind === 'date' ? deadline.due : undefined,
          cancelled: false,
          deadlineSets: [],
          holders: new Map(),
        };
        for (const unitId of d.coordinators as string[]) fact.holders.set(unitId, newAssignment('coordinator', unitId));
        for (const unitId of d.lead as string[]) fact.holders.set(unitId, newAssignment('lead', unitId));
        tasks.set(e.streamId, fact);
        break;
      }
      case 'TaskAssigned':
        task?.holders.set(d.unitId as string, newAssignment(d.role as 'lead' | 'coordinator', d.unitId as string));
        break;
      case 'TaskReassigned': {
        if (!task) break;
        const moving = task.holders.get(d.unitId as string);
        task.holders.delete(d.unitId as string);
        task.holders.delete(d.toUnitId as string);
        if (moving) {
          moving.holder = d.toUnitId as string;
          task.holders.set(moving.holder, moving);
        }
        break;
      }
      case 'DeadlineSet': {
        if (!task) break;
        const fact = { position: e.globalPosition, decidedOn: localDateOf(e.occurredAt), due: d.due as string };
        if (typeof d.unitId === 'string') slot?.deadlineSets.push(fact);
        else task.deadlineSets.push(fact);
        break;
      }
      case 'TaskCancelled':
        if (!task) break;
        if (typeof d.unitId === 'string') {
          if (slot) slot.cancelled = true;
        } else task.cancelled = true;
        break;
      case 'TaskCompleted':
        if (slot) {
          slot.lastCompletePos = e.globalPosition;
          slot.completedAt = e.occurredAt;
          if (localDateOf(e.occurredAt).startsWith(`${task!.year}-`))
            slot.progressDates.push(localDateOf(e.occurredAt));
          slot.lastProductStep = e.type;
        }
        break;
      case 'TaskReopened':
        if (slot) {
          slot.lastReopenPos = e.globalPosition;
          slot.lastProductStep = e.type;
        }
        break;
      case 'ProductSubmitted':
        if (slot) {
          slot.lastProductStep = e.type;
          if (localDateOf(e.occurredAt).startsWith(`${task!.year}-`))
            slot.progressDates.push(localDateOf(e.occurredAt));
        }
        break;
      case 'ProductReturned':
        if (slot) {
          slot.returns += 1;
          slot.lastProductStep = e.type;
        }
        break;
      case 'ProgressReported':
        if (slot && localDateOf(e.occurredAt).startsWith(`${task!.year}-`))
          slot.progressDates.push(localDateOf(e.occurredAt));
        break;
      case 'DelayExcused':
        if (slot) slot.excused = true;
        break;
      case 'UnitEstablished':
        if (!unitNames.has(d.unitId as string)) unitNames.set(d.unitId as string, d.name as string);
        break;
      case 'UnitRenamed':
        unitNames.set(d.unitId as string, d.name as string);
        break;
      case 'UnitMergedInto':
        ended.add(d.unitId as string);
        successor.set(d.unitId as string, d.intoUnitId as string);
        break;
      case 'UnitSplit':
        ended.add(d.unitId as string);
        successor.set(d.unitId as string, d.assignmentsTo as string);
        break;
      case 'PeriodicReportSubmitted': {
        const key = `${d.unitId}|${d.year}|${d.period}`;
        const earliest = reports.get(key);
        if (earliest === undefined || e.recordedAt < earliest) reports.set(key, e.recordedAt);
        break;
      }
      case 'InitiativeRecognised':
        recognise(d.unitId as string, { kind: 'initiative', level: d.level as string, occurredAt: e.occurredAt });
        break;
      case 'CriticismRecorded':
        recognise(d.unitId as string, { kind: 'criticism', occurredAt: e.occurredAt });
        break;
      case 'DisciplinarySanctionRecorded':
        recognise(d.unitId as string, { kind: 'sanction', sanctionKind: d.kind as string, occurredAt: e.occurredAt });
        break;
      default:
        break;
    }
  }

  // A task without its plan id belongs to the (first) plan of its year.
  const planOfYear = new Map<number, string>();
  for (const [planId, plan] of [...plans.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (!planOfYear.has(plan.year)) planOfYear.set(plan.year, planId);

  const tasksOfPlan = new Map<string, TaskFact[]>();
  for (const task of tasks.values()) {
    const planId = task.planId ?? planOfYear.get(task.year);
    if (planId !== undefined) tasksOfPlan.set(planId, [...(tasksOfPlan.get(planId) ?? []), task]);
  }
  const predecessors = new Map<string, string[]>();
  for (const [from, to] of successor) predecessors.set(to, [...(predecessors.get(to) ?? []), from]);

  const rows: (ReferenceUnitScore & { year: number })[] = [];
  for (const [planId, plan] of plans) {
    const yearEnd = Date.parse(yearEndCutoff(rulebook, plan.year));
    const dayEnd = (date: string) => Date.parse(endOfLocalDay(date));
    const quartersElapsed =
      T >= yearEnd
        ? 4
        : [`${plan.year}-03-31`, `${plan.year}-06-30`, `${plan.year}-09-30`, `${plan.year}-12-31`].filter(
            (q) => dayEnd(q) <= T,
          ).length;

    // Units holding a slot in this plan's tasks.
    const population = new Set<string>();
    const assignmentsByUnit = new Map<string, { area: string; s: number | null; overdue: boolean }[]>();
    for (const task of tasksOfPlan.get(planId) ?? []) {
      for (const a of task.holders.values()) {
        population.add(a.holder);
        const completed = a.lastCompletePos > a.lastReopenPos;
        const cancelled = task.cancelled || a.cancelled;
        let due: string | undefined;
        if (task.deadlineKind !== 'ongoing') {
          due = task.deadlineKind === 'date' ? task.deadlineDue : undefined;
          for (const set of [...task.deadlineSets, ...a.deadlineSets].sort((x, y) => x.position - y.position)) {
            // A decision counts when taken on or before the due date in force.
            if (due === undefined || set.decidedOn <= due) due = set.due;
          }
        }
        let scorable: boolean;
        if (cancelled) scorable = false;
        else if (task.deadlineKind === 'ongoing') scorable = quartersElapsed > 0;
        else if (due === undefined) scorable = false;
        else scorable = completed || dayEnd(due) <= T || (T >= yearEnd && due.startsWith(`${plan.year}-`));
        let s: number | null = null;
        if (a.role === 'lead' && scorable) {
          if (task.deadlineKind === 'ongoing') {
            const quarters = new Set(
              a.progressDates
                .map((date) => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1)
                .filter((q) => q <= quartersElapsed),
            );
            s = quarters.size / quartersElapsed;
          } else if (!completed) {
            s = 0;
          } else {
            const q = Math.max(0, 1 - rulebook.assignment.returnPenalty * a.returns);
            const completedOn = localDateOf(a.completedAt!);
            const daysLate =
              completedOn > due!
                ? Math.round((Date.parse(`${completedOn}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000)
                : 0;
            const l =
              a.excused || daysLate === 0
                ? 1
                : Math.max(
                    0,
                    1 -
                      rulebook.assignment.latePenaltyPerBlock * Math.ceil(daysLate / rulebook.assignment.lateBlockDays),
                  );
            s = (1 + q + l) / 3;
          }
        }
        const overdue = a.role === 'lead' && !cancelled && due !== undefined && !completed && dayEnd(due) < T;
        const list = assignmentsByUnit.get(a.holder) ?? [];
        list.push({ area: task.area, s, overdue });
        assignmentsByUnit.set(a.holder, list);
      }
    }

    for (const unitId of population) {
      if (!unitNames.has(unitId) || ended.has(unitId)) continue;
      const assignments = assignmentsByUnit.get(unitId) ?? [];
      // Tasks: mean s per area, areas weighted, areas without a scorable assignment dropped.
      const byArea = new Map<string, number[]>();
      for (const a of assignments) if (a.s !== null) byArea.set(a.area, [...(byArea.get(a.area) ?? []), a.s]);
      let weighted = 0;
      let weights = 0;
      for (const [area, values] of byArea) {
        const w = rulebook.areaWeights[area as keyof Rulebook['areaWeights']];
        weighted += w * (values.reduce((x, y) => x + y, 0) / values.length);
        weights += w;
      }
      const tasksValue = byArea.size > 0 ? weighted / weights : null;

      // Reports: the unit's and those of units merged or split into it, for the whole year.
      const members = new Set([unitId]);
      const queue = [unitId];
      while (queue.length > 0) {
        for (const from of predecessors.get(queue.pop()!) ?? []) {
          if (!members.has(from)) {
            members.add(from);
            queue.push(from);
          }
        }
      }
      const values: number[] = [];
      let missing = 0;
      for (const item of plan.schedule) {
        if (dayEnd(item.due) > T) continue;
        const submitted = [...members]
          .map((m) => reports.get(`${m}|${plan.year}|${item.period}`))
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
            Math.max(
              0,
              1 - rulebook.reports.latePenaltyPerBlock * Math.ceil(late / rulebook.reports.lateBlockWorkingDays),
            ),
          );
        }
      }
      const reportsValue = values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : null;

      const inYear = (recognitions.get(unitId) ?? []).filter((r) =>
        localDateOf(r.occurredAt).startsWith(`${plan.year}-`),
      );
      const bonusRaw = inYear.reduce(
        (n, r) =>
          n +
          (r.kind === 'initiative'
            ? r.level === 'province'
              ? rulebook.bonus.province
              : r.level === 'department'
                ? rulebook.bonus.department
                : 0
            : 0),
        0,
      );
      const bonus = Math.min(rulebook.bonus.cap, bonusRaw);
      const deductions =
        inYear.filter((r) => r.kind === 'criticism').length * rulebook.deductions.criticism +
        missing * rulebook.reports.missingDeduction;
      const sanctioned = inYear.some(
        (r) => r.kind === 'sanction' && (rulebook.sanction.kinds as readonly string[]).includes(r.sanctionKind ?? ''),
      );

      let score: number | null = null;
      if (tasksValue !== null || reportsValue !== null) {
        const num =
          (tasksValue === null ? 0 : rulebook.components.tasks * tasksValue) +
          (reportsValue === null ? 0 : rulebook.components.reports * reportsValue);
        const den =
          (tasksValue === null ? 0 : rulebook.components.tasks) +
          (reportsValue === null ? 0 : rulebook.components.reports);
        score = Math.max(0, (100 * num) / den + bonus - deductions);
      }
      const overdue = assignments.filter((a) => a.overdue).length;
      let band: string | null = null;
      if (score !== null) {
        const rounded = round9(score);
        band = sanctioned
          ? rulebook.sanction.band
          : rulebook.bands.find((b) => (b.min === null || rounded >= b.min) && (!b.requiresNoOverdue || overdue === 0))!
              .name;
      }
      rows.push({
        planId,
        year: plan.year,
        unitId,
        tasksValue,
        reportsValue,
        bonus,
        deductions,
        score,
        band,
        rank: null,
        overdue,
      });
    }
  }

  // Ranks per plan: by score descending, equal scores (to 1e-9) share a rank.
  const ranked = rows.map((r) => ({ ...r }));
  const byPlan = new Map<string, typeof ranked>();
  for (const r of ranked) byPlan.set(r.planId, [...(byPlan.get(r.planId) ?? []), r]);
  for (const planRows of byPlan.values()) {
    const scored = planRows.filter((r) => r.score !== null).sort((a, b) => round9(b.score!) - round9(a.score!));
    scored.forEach((r, i) => {
      r.rank = i > 0 && round9(scored[i - 1]!.score!) === round9(r.score!) ? scored[i - 1]!.rank : i + 1;
    });
  }
  return ranked.map(({ year: _year, ...r }) => r);
}

function round9(x: number): number {
  return Math.round(x * 1e9) / 1e9;
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
