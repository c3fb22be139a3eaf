import {
  commandsForPlan,
  type PlanCommand,
  type PlanDefinition,
  type PlanTask,
  type Reorganisation,
  type TaskCommand,
  type UnitCommand,
  type UnitDefinition,
} from '@cchc/core';
import { addDays, daysBetween, localInstant, maxDate, minDate, workingDayOnOrAfter } from './calendar.ts';
import type { Random } from './random.ts';

export type ScriptStep =
  | { readonly kind: 'plan'; readonly command: PlanCommand }
  | { readonly kind: 'task'; readonly command: TaskCommand }
  | { readonly kind: 'unit'; readonly command: UnitCommand }
  | { readonly kind: 'reorganise'; readonly command: Reorganisation };

/** One thing that happens in the simulated year: what, by whom, and when it became known. */
export interface TimedStep {
  readonly step: ScriptStep;
  readonly actor: string;
  readonly recordedAt: string;
  /** Tie-breaker: steps recorded at the same instant keep the order they were scripted in. */
  readonly seq: number;
}

export interface Department {
  readonly plan: PlanDefinition;
  readonly units: readonly UnitDefinition[];
  /** The office unit that issues, assigns, appraises and excuses (Văn phòng Sở). */
  readonly officeId: string;
}

/** What the script decided, for the summary and for tests. */
export interface ScriptFacts {
  readonly merger: { readonly unitId: string; readonly intoUnitId: string; readonly date: string } | undefined;
  readonly initiatives: readonly { readonly unitId: string; readonly level: 'department' | 'province' }[];
  readonly criticised: readonly string[];
}

type Outcome = 'early' | 'on_time' | 'late' | 'late_excused' | 'not_done' | 'cancelled';

const OUTCOMES: Readonly<Record<Outcome, number>> = {
  early: 0.1,
  on_time: 0.53,
  late: 0.17,
  late_excused: 0.03,
  not_done: 0.14,
  cancelled: 0.03,
};

/**
 * Scripts a realistic year for one department: the plan applied in January; units starting,
 * reporting progress, submitting products (some returned), completing on time, late or not at
 * all; deadlines set by decision for some conditional tasks and moved for a few dated ones;
 * ongoing tasks with gaps; periodic reports on time, late or missing; indicators measured each
 * quarter; an initiative at each level, a criticism, one merger of two units at mid-year; some
 * events recorded days after they happened. Deterministic for a given Random.
 */
export function scriptYear(department: Department, random: Random): { steps: TimedStep[]; facts: ScriptFacts } {
  const { plan, units, officeId } = department;
  const year = plan.year;
  const steps: TimedStep[] = [];
  const office = `sim:${officeId}`;
  const yearStart = `${year}-01-02`;
  const lastWorkDay = `${year}-12-12`;
  let seq = 0;

  /** Records a step; `delayDays` > 0 makes it back-dated (recorded that many days later). */
  const add = (step: ScriptStep, actor: string, at: string, delayDays = 0) => {
    const recordedAt =
      delayDays > 0
        ? new Date(Date.parse(at) + delayDays * 86_400_000 + random.int(0, 3) * 3_600_000).toISOString()
        : at;
    steps.push({ step, actor, recordedAt, seq: seq++ });
  };
  const at = (date: string, hour = random.int(8, 16)) =>
    localInstant(workingDayOnOrAfter(date), hour, random.int(0, 59));
  const backDated = () => (random.chance(0.04) ? random.int(8, 20) : 0);
  /** Back-dating for a holder: never for the unit that will be merged (its late record could arrive after it ceased). */
  const backDatedFor = (holder: string) => (merger && holder === merger.unitId ? 0 : backDated());
  const randomDate = (from: string, to: string) => addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));

  // ── The plan, the units and the tasks, at the start of the year ─────────────────────────────
  const t0 = localInstant(yearStart, 8);
  const setup = commandsForPlan(plan, units, t0);
  add({ kind: 'plan', command: setup.issue }, office, t0);
  for (const command of setup.establish) add({ kind: 'unit', command }, office, t0);
  for (const command of setup.define) add({ kind: 'task', command }, office, t0);

  const topLevel = units.filter((u) => u.parent === undefined);
  const others = topLevel.filter((u) => u.id !== officeId);

  // ── One merger at mid-year: two units of the same kind where possible ───────────────────────
  const byKind = new Map<string, UnitDefinition[]>();
  for (const u of others) byKind.set(u.kind, [...(byKind.get(u.kind) ?? []), u]);
  const pair = [...byKind.values()].find((list) => list.length >= 2) ?? (others.length >= 2 ? others : undefined);
  let merger: ScriptFacts['merger'];
  if (pair) {
    const from = random.pick(pair);
    const into = random.pick(pair.filter((u) => u.id !== from.id));
    merger = { unitId: from.id, intoUnitId: into.id, date: `${year}-07-01` };
    add(
      {
        kind: 'reorganise',
        command: {
          type: 'MergeUnit',
          unitId: from.id,
          intoUnitId: into.id,
          decisionRef: `${random.int(100, 999)}/QĐ-UBND`,
          at: localInstant(merger.date, 8),
        },
      },
      office,
      localInstant(merger.date, 8),
    );
  }
  /** The unit that acts for an assignment holder on a date (its successor after the merger). */
  const actorFor = (unitId: string, date: string) =>
    merger && unitId === merger.unitId && date >= merger.date ? merger.intoUnitId : unitId;
  const active = (unitId: string, date: string) => !(merger && unitId === merger.unitId && date >= merger.date);
  /**
   * After the merger the successor acts for the merged unit, unless it already held an equal or
   * stronger assignment in that task: then the merged unit's assignment was closed and its
   * remaining steps are not scripted.
   */
  const leadsOf = new Map<string, readonly string[]>(plan.tasks.map((t) => [t.id, t.lead]));
  const carriesOn = (task: PlanTask, holder: string, date: string) => {
    if (!merger || holder !== merger.unitId || date < merger.date) return true;
    const leads = leadsOf.get(task.id) ?? task.lead;
    const successorLeads = leads.includes(merger.intoUnitId);
    const successorCoordinates = task.coordinators.includes(merger.intoUnitId);
    return leads.includes(holder) ? !successorLeads : !successorLeads && !successorCoordinates;
  };

  // ── Tasks ────────────────────────────────────────────────────────────────────────────────
  for (const task of plan.tasks) {
    const base = { planYear: year, taskId: task.id };
    let leads = [...task.lead];
    // "Các phòng, đơn vị có liên quan": the office names one or two units in January.
    if (leads.length === 0 && task.leadScope === 'relevant_to_be_named' && others.length > 0) {
      const named = new Set([random.pick(others).id, random.pick(others).id]);
      for (const unitId of named) {
        const when = localInstant(`${year}-01-03`, 9, random.int(0, 59));
        add(
          {
            kind: 'task',
            command: {
              type: 'AssignTask',
              ...base,
              unitId,
              role: 'lead',
              reason: 'Văn phòng Sở chỉ định đơn vị thực hiện',
              at: when,
            },
          },
          office,
          when,
        );
      }
      leads = [...named];
      leadsOf.set(task.id, leads);
    }
    const due = dueFor(task, year, random, (date, due, decisionRef, extra) => {
      const when = at(date);
      add(
        { kind: 'task', command: { type: 'SetDeadline', ...base, due, decisionRef, ...extra, at: when } },
        office,
        when,
      );
    });

    for (const unitId of leads) {
      if (task.deadline.kind === 'ongoing') scriptOngoing(task, unitId);
      else if (due !== undefined) scriptDated(task, unitId, due);
      else if (random.chance(0.3))
        progress(task, unitId, randomDate(`${year}-02-01`, `${year}-11-30`), random.int(5, 40));
    }
    for (const unitId of task.coordinators) {
      if (random.chance(0.25)) progress(task, unitId, randomDate(`${year}-02-01`, `${year}-11-30`), random.int(10, 90));
    }
  }

  /** `mayBeBackDated`: only when nothing else of the assignment is scripted after it. */
  function progress(
    task: PlanTask,
    holder: string,
    date: string,
    percent: number,
    mayBeBackDated = true,
    instant?: string,
  ): void {
    if (!carriesOn(task, holder, date)) return;
    const unitId = actorFor(holder, date);
    const when = instant ?? at(date);
    add(
      {
        kind: 'task',
        command: {
          type: 'ReportProgress',
          planYear: year,
          taskId: task.id,
          unitId,
          percent,
          note: `Đã thực hiện khoảng ${percent}%`,
          evidenceRefs: [`BC ${random.int(1, 300)}/${unitId}`],
          at: when,
        },
      },
      `sim:${unitId}`,
      when,
      mayBeBackDated ? backDatedFor(holder) : 0,
    );
  }

  function scriptOngoing(task: PlanTask, holder: string): void {
    const quarters: [string, string][] = [
      [`${year}-01-06`, `${year}-03-31`],
      [`${year}-04-01`, `${year}-06-30`],
      [`${year}-07-01`, `${year}-09-30`],
      [`${year}-10-01`, lastWorkDay],
    ];
    quarters.forEach(([from, to], q) => {
      if (random.chance(0.8)) progress(task, holder, randomDate(from, to), Math.min(100, (q + 1) * 25));
    });
  }

  function scriptDated(task: PlanTask, holder: string, due: string): void {
    let outcome = random.weighted(OUTCOMES);
    const latest = lastWorkDay;
    if ((outcome === 'late' || outcome === 'late_excused') && addDays(due, 1) > latest) outcome = 'not_done';
    const startLatest = minDate(addDays(due, -10), `${year}-11-20`);
    let date = randomDate(`${year}-01-06`, maxDate(`${year}-01-06`, startLatest));
    const step = (command: TaskCommand, actor: string, when: string, delay = 0) => {
      if (carriesOn(task, holder, when.slice(0, 10))) add({ kind: 'task', command }, actor, when, delay);
    };
    // The steps of one assignment happen in order, even when two fall on the same working day.
    let last = '';
    const next = (d: string) => {
      let when = at(d);
      if (last !== '' && when <= last) when = new Date(Date.parse(last) + random.int(1, 3) * 3_600_000).toISOString();
      last = when;
      return when;
    };
    const act = (type: 'StartTask', d: string) => {
      const unitId = actorFor(holder, d);
      const when = next(d);
      step({ type, planYear: year, taskId: task.id, unitId, at: when }, `sim:${unitId}`, when);
    };

    if (outcome === 'cancelled') {
      const when = at(randomDate(`${year}-02-01`, minDate(due, `${year}-10-31`)));
      step(
        {
          type: 'CancelTask',
          planYear: year,
          taskId: task.id,
          unitId: actorFor(holder, when.slice(0, 10)),
          reason: 'Nhiệm vụ không còn phù hợp theo chỉ đạo',
          at: when,
        },
        office,
        when,
      );
      return;
    }
    act('StartTask', date);
    let end: string;
    switch (outcome) {
      case 'early':
        end = maxDate(addDays(date, 5), addDays(due, -random.int(20, 45)));
        break;
      case 'on_time':
        end = maxDate(addDays(date, 3), addDays(due, -random.int(0, 15)));
        break;
      case 'late':
      case 'late_excused':
        end = minDate(addDays(due, random.int(1, 75)), latest);
        break;
      case 'not_done':
        end = latest;
        break;
    }
    if (end > latest) end = latest;
    const progressReports = random.int(1, 3);
    for (let i = 0; i < progressReports; i++) {
      const d = randomDate(addDays(date, 1), maxDate(addDays(date, 1), addDays(end, -3)));
      if (d >= end) break;
      date = d;
      progress(task, holder, d, Math.min(95, 20 + i * 30 + random.int(0, 10)), false, next(d));
    }
    if (outcome === 'not_done') return;

    {
      const returns = random.chance(0.2) ? (random.chance(0.25) ? 2 : 1) : 0;
      let submitDate = addDays(end, -(returns * 8 + random.int(1, 3)));
      if (submitDate <= date) submitDate = addDays(date, 1);
      for (let r = 0; r <= returns; r++) {
        const unitId = actorFor(holder, submitDate);
        const when = next(submitDate);
        step(
          {
            type: 'SubmitProduct',
            planYear: year,
            taskId: task.id,
            unitId,
            productRef: `${random.int(10, 999)}/${unitId}`,
            at: when,
          },
          `sim:${unitId}`,
          when,
        );
        if (r < returns) {
          const returnDate = addDays(submitDate, random.int(2, 4));
          const back = next(returnDate);
          step(
            {
              type: 'ReturnProduct',
              planYear: year,
              taskId: task.id,
              unitId: actorFor(holder, returnDate),
              reason: 'Sản phẩm chưa đạt yêu cầu, đề nghị bổ sung',
              at: back,
            },
            office,
            back,
          );
          submitDate = addDays(returnDate, random.int(2, 4));
        }
      }
      const completeDate = maxDate(end, addDays(submitDate, 1));
      const unitId = actorFor(holder, completeDate);
      const when = next(completeDate);
      step(
        { type: 'CompleteTask', planYear: year, taskId: task.id, unitId, at: when },
        office,
        when,
        backDatedFor(holder),
      );
      if (outcome === 'late_excused') {
        const excuse = at(addDays(due, random.int(0, 3)));
        if (excuse < when) {
          step(
            {
              type: 'ExcuseDelay',
              planYear: year,
              taskId: task.id,
              unitId: actorFor(holder, excuse.slice(0, 10)),
              reason: 'Chờ hướng dẫn của cơ quan cấp trên (khách quan)',
              excusedBy: officeId,
              at: excuse,
            },
            office,
            excuse,
          );
        }
      }
    }
  }

  // ── Periodic reports ─────────────────────────────────────────────────────────────────────
  for (const report of plan.reportSchedule) {
    for (const unit of topLevel) {
      if (!active(unit.id, report.due)) continue;
      const fate = random.weighted({ on_time: 0.72, late: 0.18, missing: 0.1 });
      if (fate === 'missing') continue;
      const date = fate === 'on_time' ? addDays(report.due, -random.int(0, 6)) : addDays(report.due, random.int(1, 15));
      const when = localInstant(date, random.int(8, 16), random.int(0, 59));
      add(
        {
          kind: 'unit',
          command: {
            type: 'SubmitPeriodicReport',
            unitId: unit.id,
            year,
            period: report.period,
            reportRef: `BC-${report.period}/${unit.id}`,
            at: when,
          },
        },
        `sim:${unit.id}`,
        when,
        backDatedFor(unit.id),
      );
    }
  }

  // ── Recognition and criticism ────────────────────────────────────────────────────────────
  const steady = others.filter((u) => !merger || u.id !== merger.unitId);
  const initiatives: { unitId: string; level: 'department' | 'province' }[] = [];
  if (steady.length > 0) {
    for (const level of ['province', 'department'] as const) {
      const unit = random.pick(steady);
      initiatives.push({ unitId: unit.id, level });
      const when = at(randomDate(`${year}-05-01`, `${year}-10-31`));
      add(
        {
          kind: 'unit',
          command: {
            type: 'RecognizeInitiative',
            unitId: unit.id,
            level,
            title: 'Sáng kiến số hóa quy trình giải quyết hồ sơ',
            decisionRef: `${random.int(10, 99)}/QĐ-KT`,
            at: when,
          },
        },
        office,
        when,
      );
    }
  }
  const criticised: string[] = [];
  if (steady.length > 0) {
    const unit = random.pick(steady);
    criticised.push(unit.id);
    const when = at(randomDate(`${year}-04-01`, `${year}-10-31`));
    add(
      {
        kind: 'unit',
        command: {
          type: 'RecordCriticism',
          unitId: unit.id,
          reason: 'Chậm gửi báo cáo, chất lượng báo cáo chưa đạt',
          documentRef: `${random.int(100, 999)}/STNMT-VP`,
          at: when,
        },
      },
      office,
      when,
    );
  }

  // ── Indicators, measured each quarter ────────────────────────────────────────────────────
  for (const indicator of plan.indicators) {
    let value = Math.max(0, indicator.target - random.int(5, 20));
    for (const [period, date] of [
      ['Q1', `${year}-03-31`],
      ['Q2', `${year}-06-30`],
      ['Q3', `${year}-09-30`],
      ['Q4', `${year}-12-10`],
    ] as const) {
      value = Math.min(100, value + random.int(0, 8));
      const when = at(date, 17);
      add(
        {
          kind: 'plan',
          command: { type: 'RecordIndicator', year, indicatorId: indicator.id, value, period, at: when },
        },
        office,
        when,
        backDated(),
      );
    }
  }

  steps.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.seq - b.seq));
  return { steps, facts: { merger, initiatives, criticised } };
}

/**
 * The date an assignment is due, or undefined when the task is not (yet) due: conditional tasks
 * get a date by decision with probability ~0.55; a few dated tasks have their deadline moved by a
 * decision before it passed.
 */
function dueFor(
  task: PlanTask,
  year: number,
  random: Random,
  setDeadline: (date: string, due: string, decisionRef: string, extra: { reason?: string }) => void,
): string | undefined {
  const decision = () => `${random.int(100, 9999)}/UBND-${random.pick(['KSTT', 'NC', 'TH'])}`;
  if (task.deadline.kind === 'conditional') {
    if (!random.chance(0.55)) return undefined;
    const date = addDays(`${year}-03-01`, random.int(0, 200));
    const due = minDate(addDays(date, random.int(30, 90)), `${year}-12-10`);
    setDeadline(date, due, decision(), {});
    return due;
  }
  if (task.deadline.kind !== 'date') return undefined;
  const due = task.deadline.due;
  if (due < `${year}-12-01` && random.chance(0.08)) {
    const moved = minDate(addDays(due, random.int(15, 60)), `${year}-12-31`);
    setDeadline(addDays(due, -random.int(5, 20)), moved, decision(), { reason: 'Điều chỉnh tiến độ theo chỉ đạo' });
    return moved;
  }
  return due;
}
