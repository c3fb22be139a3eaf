import {
  commandsForPlan,
  type PlanCommand,
  type PlanDefinition,
  type Reorganisation,
  type TaskCommand,
  type UnitCommand,
  type UnitDefinition,
} from '@cchc/core';
import { localInstant } from './calendar.ts';
import type { Random } from './random.ts';
import { scriptMerger } from './year-script/merger.ts';
import { scriptWriter } from './year-script/script-writer.ts';
import { scriptTasks } from './year-script/task-steps.ts';
import { scriptIndicators, scriptPeriodicReports, scriptRecognition } from './year-script/unit-steps.ts';

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
  const script = scriptWriter(plan.year, officeId, random);
  const { office, add } = script;

  const t0 = localInstant(`${plan.year}-01-02`, 8);
  const setup = commandsForPlan(plan, units, t0);
  add({ kind: 'plan', command: setup.issue }, office, t0);
  for (const command of setup.establish) add({ kind: 'unit', command }, office, t0);
  for (const command of setup.define) add({ kind: 'task', command }, office, t0);

  const topLevel = units.filter((u) => u.parent === undefined);
  const others = topLevel.filter((u) => u.id !== officeId);
  const succession = scriptMerger(script, plan, others);
  scriptTasks(script, plan, others, succession);
  scriptPeriodicReports(script, plan, topLevel, succession);
  const { initiatives, criticised } = scriptRecognition(script, others, succession);
  scriptIndicators(script, plan);

  const steps = script.steps;
  steps.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.seq - b.seq));
  return { steps, facts: { merger: succession.merger, initiatives, criticised } };
}
