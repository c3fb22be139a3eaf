import { type Area, localDateOf, type RecordedEvent } from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { rankPrecisionOf } from '../rulebook/rulebook-values.ts';
import { type PlanClock, planClock, type ScoredAssignment, scoreAssignment } from './reference-assignments.ts';
import {
  type Facts,
  foldFacts,
  type PlanFact,
  type Recognition,
  type TaskFact,
  visibleEvents,
} from './reference-facts.ts';
import { membersOf, reportsComponent } from './reference-reports.ts';

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

export function referenceRanking(
  events: readonly RecordedEvent[],
  asOf: string,
  position: number,
  rulebook: Rulebook,
): ReferenceUnitScore[] {
  const T = Date.parse(asOf);
  const facts = foldFacts(visibleEvents(events, T, position));
  const tasksOfPlan = tasksByPlan(facts);
  const predecessors = new Map<string, string[]>();
  for (const [from, to] of facts.successor) predecessors.set(to, [...(predecessors.get(to) ?? []), from]);

  const rows: ReferenceUnitScore[] = [];
  for (const [planId, plan] of facts.plans) {
    const clock = planClock(rulebook, plan.year, T);
    const { population, assignmentsByUnit } = scorePlanAssignments(tasksOfPlan.get(planId) ?? [], clock, rulebook);
    for (const unitId of population) {
      // R-POPULATION: established and not merged or split away.
      if (!facts.unitNames.has(unitId) || facts.ended.has(unitId)) continue;
      const unit = { planId, unitId, plan, members: membersOf(unitId, predecessors) };
      rows.push(unitScore(facts, unit, assignmentsByUnit.get(unitId) ?? [], clock, rulebook));
    }
  }
  return ranked(rows, rankPrecisionOf(rulebook));
}

/** A task without its plan id belongs to the (first) plan of its year. */
function tasksByPlan(facts: Facts): Map<string, TaskFact[]> {
  const planOfYear = new Map<number, string>();
  for (const [planId, plan] of [...facts.plans.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (!planOfYear.has(plan.year)) planOfYear.set(plan.year, planId);
  const tasksOfPlan = new Map<string, TaskFact[]>();
  for (const task of facts.tasks.values()) {
    const planId = task.planId ?? planOfYear.get(task.year);
    if (planId !== undefined) tasksOfPlan.set(planId, [...(tasksOfPlan.get(planId) ?? []), task]);
  }
  return tasksOfPlan;
}

/** R-POPULATION: every holder of an assignment in the plan's tasks (lead or coordinator, cancelled or not). */
function scorePlanAssignments(tasks: readonly TaskFact[], clock: PlanClock, rulebook: Rulebook) {
  const population = new Set<string>();
  const assignmentsByUnit = new Map<string, ScoredAssignment[]>();
  for (const task of tasks) {
    for (const a of task.holders.values()) {
      population.add(a.holder);
      const list = assignmentsByUnit.get(a.holder) ?? [];
      list.push(scoreAssignment(task, a, clock, rulebook));
      assignmentsByUnit.set(a.holder, list);
    }
  }
  return { population, assignmentsByUnit };
}

/** R-AREA-WEIGHTS: the weighted mean of the areas' mean s; areas without a scorable assignment dropped. */
function tasksComponent(assignments: readonly ScoredAssignment[], rulebook: Rulebook): number | null {
  const byArea = new Map<Area, number[]>();
  for (const a of assignments) if (a.s !== null) byArea.set(a.area, [...(byArea.get(a.area) ?? []), a.s]);
  let weighted = 0;
  let weights = 0;
  for (const [area, values] of byArea) {
    const w = rulebook.areaWeights[area];
    weighted += w * (values.reduce((x, y) => x + y, 0) / values.length);
    weights += w;
  }
  return byArea.size > 0 ? weighted / weights : null;
}

interface RecognitionOutcome {
  readonly bonus: number;
  readonly criticisms: number;
  readonly sanctioned: boolean;
}

/** Recognitions of the unit itself (not inherited) that occurred in the plan year. */
function recognitionOutcome(
  recognitions: readonly Recognition[],
  year: number,
  rulebook: Rulebook,
): RecognitionOutcome {
  const inYear = recognitions.filter((r) => localDateOf(r.occurredAt).startsWith(`${year}-`));
  // R-BONUS-CAP: department and province bonuses, capped.
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
  return {
    bonus: Math.min(rulebook.bonus.cap, bonusRaw),
    // R-CRITICISM: counted here, deducted in unitScore.
    criticisms: inYear.filter((r) => r.kind === 'criticism').length,
    // R-SANCTION-CAP: a sanction of the rulebook's kinds.
    sanctioned: inYear.some(
      (r) => r.kind === 'sanction' && r.sanctionKind !== undefined && rulebook.sanction.kinds.includes(r.sanctionKind),
    ),
  };
}

/** R-COMPONENTS: the components kept, weighted, to 100; null when neither has anything scorable. */
function baseScore(tasksValue: number | null, reportsValue: number | null, rulebook: Rulebook): number | null {
  if (tasksValue === null && reportsValue === null) return null;
  const num =
    (tasksValue === null ? 0 : rulebook.components.tasks * tasksValue) +
    (reportsValue === null ? 0 : rulebook.components.reports * reportsValue);
  const den =
    (tasksValue === null ? 0 : rulebook.components.tasks) + (reportsValue === null ? 0 : rulebook.components.reports);
  return (100 * num) / den;
}

/** R-BANDS: the first band that applies, at the rank precision; R-SANCTION-CAP: a sanctioned unit gets the sanction band. */
function bandOf(score: number, overdue: number, sanctioned: boolean, rulebook: Rulebook): string {
  if (sanctioned) return rulebook.sanction.band;
  const rounded = roundTo(score, rankPrecisionOf(rulebook));
  const band = rulebook.bands.find(
    (b) => (b.min === null || rounded >= b.min) && (!b.requiresNoOverdue || overdue === 0),
  );
  if (!band) throw new TypeError(`no band of rulebook ${rulebook.id} applies to the score ${score}`);
  return band.name;
}

function unitScore(
  facts: Facts,
  unit: { planId: string; unitId: string; plan: PlanFact; members: ReadonlySet<string> },
  assignments: readonly ScoredAssignment[],
  clock: PlanClock,
  rulebook: Rulebook,
): ReferenceUnitScore {
  const tasksValue = tasksComponent(assignments, rulebook);
  const reports = reportsComponent(facts, unit.plan, unit.members, clock, rulebook);
  const outcome = recognitionOutcome(facts.recognitions.get(unit.unitId) ?? [], unit.plan.year, rulebook);
  // R-CRITICISM and R-REPORT-MISSING: a deduction per criticism and per report missing at the instant.
  const deductions =
    outcome.criticisms * rulebook.deductions.criticism + reports.missing * rulebook.reports.missingDeduction;
  const base = baseScore(tasksValue, reports.value, rulebook);
  // R-SCORE-FLOOR: never below 0.
  const score = base === null ? null : Math.max(0, base + outcome.bonus - deductions);
  const overdue = assignments.filter((a) => a.overdue).length;
  return {
    planId: unit.planId,
    unitId: unit.unitId,
    tasksValue,
    reportsValue: reports.value,
    bonus: outcome.bonus,
    deductions,
    score,
    band: score === null ? null : bandOf(score, overdue, outcome.sanctioned, rulebook),
    rank: null,
    overdue,
  };
}

type RankedRow = { -readonly [K in keyof ReferenceUnitScore]: ReferenceUnitScore[K] };

/** R-RANK-TIES: ranks per plan by score descending; scores equal at the rank precision share a rank (1, 2, 2, 4). */
function ranked(rows: readonly ReferenceUnitScore[], precision: number): ReferenceUnitScore[] {
  const out = rows.map((r): RankedRow => ({ ...r }));
  const byPlan = new Map<string, typeof out>();
  for (const r of out) byPlan.set(r.planId, [...(byPlan.get(r.planId) ?? []), r]);
  for (const planRows of byPlan.values()) {
    const scored = planRows
      .flatMap((r) => (r.score === null ? [] : [{ row: r, score: roundTo(r.score, precision) }]))
      .sort((a, b) => b.score - a.score);
    scored.forEach((r, i) => {
      const previous = scored[i - 1];
      r.row.rank = previous !== undefined && previous.score === r.score ? previous.row.rank : i + 1;
    });
  }
  return out;
}

/** x rounded to `digits` decimals, as DuckDB's round(DOUBLE, INTEGER) does it (half away from zero; scores are ≥ 0). */
function roundTo(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}
