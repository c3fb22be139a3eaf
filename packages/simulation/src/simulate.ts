import {
  type EventStore,
  type PlanDefinition,
  STANDARD_STREAMS,
  type StreamNames,
  type UnitDefinition,
  unitStreamId,
} from '@cchc/core';
import { BatchingLedger } from './batching-ledger.ts';
import { Random } from './random.ts';
import { type Department, type ScriptFacts, scriptYear } from './year-script.ts';

export interface SimulateOptions {
  readonly plan: PlanDefinition;
  readonly units: readonly UnitDefinition[];
  readonly seed: number;
  /** Copies of the department, each with its own unit and stream ids. Default 1. */
  readonly scale?: number;
  /** The office unit (Văn phòng Sở); default `vp-so` or the first top-level van_phong. */
  readonly officeId?: string;
  readonly batchEvents?: number;
  /** Now (default: the machine's clock): steps the script dates later are left out. */
  readonly now?: () => Date;
  readonly onProgress?: (departmentsDone: number, departments: number, eventsWritten: number) => void;
}

export interface SimulationResult {
  readonly departments: number;
  readonly events: number;
  readonly steps: number;
  /** Scripted commands a rule refused, by rule code (they write nothing). */
  readonly refused: Readonly<Record<string, number>>;
  /** One message per refused rule, to show what was refused. */
  readonly refusedExamples: Readonly<Record<string, string>>;
  /** What the first department's script decided. */
  readonly facts: ScriptFacts;
  /** Scripted steps left out because they would be known only after now (a year still under way). */
  readonly notYetKnown: number;
}

/**
 * Writes a simulated year (as backfill) for the plan, through the deciders, into an empty store.
 * Department 1 uses the plan's own ids; copy k ≥ 2 suffixes unit ids with `-d<k>` and puts its
 * streams under `plan-<year>-d<k>` / `task-<year>-d<k>-<taskId>`. The same seed gives the same
 * events, ids and hashes.
 */
export async function simulate(store: EventStore, options: SimulateOptions): Promise<SimulationResult> {
  const scale = options.scale ?? 1;
  const officeId = options.officeId ?? defaultOffice(options.units);
  const refused: Record<string, number> = {};
  const refusedExamples: Record<string, string> = {};
  let events = 0;
  let steps = 0;
  let facts: ScriptFacts | undefined;
  // One ledger for every department: their streams differ, and batches fill across departments.
  const ledger = new BatchingLedger(store, options.batchEvents, options.now);
  for (let k = 1; k <= scale; k++) {
    const department = departmentCopy(options.plan, options.units, officeId, k);
    const script = scriptYear(department, new Random((options.seed * 7919 + k) >>> 0));
    facts ??= script.facts;
    const streams = streamNames(k);
    ledger.forgetState();
    for (const timed of script.steps) await ledger.apply(timed, `sim-${options.seed}-d${k}-${timed.seq}`, streams);
    steps += script.steps.length;
    options.onProgress?.(k, scale, ledger.written);
  }
  await ledger.flush();
  events = ledger.written;
  for (const [rule, count] of ledger.refused) refused[rule] = count;
  for (const [rule, message] of ledger.refusedExamples) refusedExamples[rule] = message;
  return {
    departments: scale,
    events,
    steps,
    refused,
    refusedExamples,
    facts: facts!,
    notYetKnown: ledger.notYetKnown,
  };
}

function streamNames(k: number): StreamNames {
  if (k === 1) return STANDARD_STREAMS;
  return {
    plan: (year) => `plan-${year}-d${k}`,
    task: (year, taskId) => `task-${year}-d${k}-${taskId}`,
    unit: unitStreamId,
  };
}

function departmentCopy(
  plan: PlanDefinition,
  units: readonly UnitDefinition[],
  officeId: string,
  k: number,
): Department {
  if (k === 1) return { plan, units, officeId };
  const id = (unitId: string) => `${unitId}-d${k}`;
  return {
    officeId: id(officeId),
    units: units.map((u) => ({
      ...u,
      id: id(u.id),
      name: `${u.name} (Sở ${k})`,
      shortNames: [],
      aliases: [],
      ...(u.parent ? { parent: id(u.parent) } : {}),
    })),
    plan: {
      ...plan,
      planId: `${plan.planId}-d${k}`,
      tasks: plan.tasks.map((t) => ({ ...t, lead: t.lead.map(id), coordinators: t.coordinators.map(id) })),
    },
  };
}

function defaultOffice(units: readonly UnitDefinition[]): string {
  const office =
    units.find((u) => u.id === 'vp-so') ?? units.find((u) => u.kind === 'van_phong' && u.parent === undefined);
  if (!office) throw new Error('no office unit (van_phong) in the registry: pass officeId');
  return office.id;
}
