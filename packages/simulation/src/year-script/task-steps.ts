import type { PlanDefinition, PlanTask, TaskCommand, UnitDefinition } from '@cchc/core';
import { addDays, localInstant, maxDate, minDate } from '../calendar.ts';
import type { Random } from '../random.ts';
import type { Succession } from './merger.ts';
import type { ScriptWriter } from './script-writer.ts';

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
 * Every task's year: leads named for "relevant units" rows, deadlines set by decision for some
 * conditional tasks and moved for a few dated ones, then each lead's and coordinator's steps.
 */
export function scriptTasks(
  script: ScriptWriter,
  plan: PlanDefinition,
  others: readonly UnitDefinition[],
  succession: Succession,
): void {
  const { year, random, office, officeId, lastWorkDay, add, at, randomDate } = script;
  const { actorFor, carriesOn, backDatedFor, leadsOf } = succession;

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
