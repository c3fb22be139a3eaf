import type { PlanDefinition, UnitDefinition } from '@cchc/core';
import { addDays, localInstant } from '../calendar.ts';
import type { ScriptFacts } from '../year-script.ts';
import type { Succession } from './merger.ts';
import type { ScriptWriter } from './script-writer.ts';

/** Each active top-level unit's periodic reports: on time, late or missing. */
export function scriptPeriodicReports(
  script: ScriptWriter,
  plan: PlanDefinition,
  topLevel: readonly UnitDefinition[],
  succession: Succession,
): void {
  const { year, random, add } = script;
  const { active, backDatedFor } = succession;
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
}

/** An initiative at each level and one criticism, for units that are not merged. */
export function scriptRecognition(
  script: ScriptWriter,
  others: readonly UnitDefinition[],
  succession: Succession,
): Pick<ScriptFacts, 'initiatives' | 'criticised'> {
  const { year, random, office, add, at, randomDate } = script;
  const { merger } = succession;
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
            type: 'RecogniseInitiative',
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
  return { initiatives, criticised };
}

/** Every indicator measured at the end of each quarter, rising towards its target. */
export function scriptIndicators(script: ScriptWriter, plan: PlanDefinition): void {
  const { year, random, office, add, at, backDated } = script;
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
}
