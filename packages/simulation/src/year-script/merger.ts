import type { PlanDefinition, PlanTask, UnitDefinition } from '@cchc/core';
import { localInstant } from '../calendar.ts';
import type { ScriptFacts } from '../year-script.ts';
import type { ScriptWriter } from './script-writer.ts';

/** Who acts for an assignment holder once the mid-year merger has happened. */
export interface Succession {
  readonly merger: ScriptFacts['merger'];
  /** The lead units of each task, as named by the office (the script adds to it). */
  readonly leadsOf: Map<string, readonly string[]>;
  /** The unit that acts for an assignment holder on a date (its successor after the merger). */
  actorFor(unitId: string, date: string): string;
  active(unitId: string, date: string): boolean;
  /**
   * After the merger the successor acts for the merged unit, unless it already held an equal or
   * stronger assignment in that task: then the merged unit's assignment was closed and its
   * remaining steps are not scripted.
   */
  carriesOn(task: PlanTask, holder: string, date: string): boolean;
  /** Back-dating for a holder: never for the unit that will be merged (its late record could arrive after it ceased). */
  backDatedFor(holder: string): number;
}

/** One merger at mid-year: two units of the same kind where possible. */
export function scriptMerger(
  script: ScriptWriter,
  plan: PlanDefinition,
  others: readonly UnitDefinition[],
): Succession {
  const { year, random } = script;
  const byKind = new Map<string, UnitDefinition[]>();
  for (const u of others) byKind.set(u.kind, [...(byKind.get(u.kind) ?? []), u]);
  const pair = [...byKind.values()].find((list) => list.length >= 2) ?? (others.length >= 2 ? others : undefined);
  let merger: ScriptFacts['merger'];
  if (pair) {
    const from = random.pick(pair);
    const into = random.pick(pair.filter((u) => u.id !== from.id));
    merger = { unitId: from.id, intoUnitId: into.id, date: `${year}-07-01` };
    script.add(
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
      script.office,
      localInstant(merger.date, 8),
    );
  }
  const leadsOf = new Map<string, readonly string[]>(plan.tasks.map((t) => [t.id, t.lead]));
  return {
    merger,
    leadsOf,
    actorFor: (unitId, date) =>
      merger && unitId === merger.unitId && date >= merger.date ? merger.intoUnitId : unitId,
    active: (unitId, date) => !(merger && unitId === merger.unitId && date >= merger.date),
    carriesOn: (task, holder, date) => {
      if (!merger || holder !== merger.unitId || date < merger.date) return true;
      const leads = leadsOf.get(task.id) ?? task.lead;
      const successorLeads = leads.includes(merger.intoUnitId);
      const successorCoordinates = task.coordinators.includes(merger.intoUnitId);
      return leads.includes(holder) ? !successorLeads : !successorLeads && !successorCoordinates;
    },
    backDatedFor: (holder) => (merger && holder === merger.unitId ? 0 : script.backDated()),
  };
}
