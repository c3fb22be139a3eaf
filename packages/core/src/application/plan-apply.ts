import type { EventStore } from '../event-store/event-store.ts';
import type { PlanDefinition } from '../plan/plan-definition.ts';
import { unitsParentsFirst, type UnitRegistry } from '../plan/unit-registry.ts';
import type { CommandContext } from './command-context.ts';
import { handlePlanCommand, handleTaskCommand, handleUnitCommand } from './command-handlers.ts';
import type { CommandOutcome } from './decide-and-append.ts';
import { unitStreamId } from './stream-ids.ts';

export interface ApplyPlanResult {
  readonly written: number;
  readonly alreadyThere: number;
  readonly unitsEstablished: number;
  readonly unitsExisting: number;
  readonly tasksDefined: number;
}

export interface ApplyPlanOptions {
  /** When the plan was issued (occurredAt of its events). */
  readonly at: string;
  readonly context: Omit<CommandContext, 'commandId'>;
  /** Called after each step, for a progress display. */
  readonly onStep?: (done: number, total: number) => void;
}

/**
 * Records a plan definition through the deciders: the plan issued, every unit of the registry
 * established (parents first; a unit that already exists is left as it is), every task defined
 * with its lead and coordinating units. Command ids derive from the plan id, so applying the same
 * plan again writes nothing.
 */
export async function applyPlan(store: EventStore, plan: PlanDefinition, registry: UnitRegistry, options: ApplyPlanOptions): Promise<ApplyPlanResult> {
  const { at, context } = options;
  let written = 0;
  let alreadyThere = 0;
  let unitsEstablished = 0;
  let unitsExisting = 0;
  const units = unitsParentsFirst(registry.units);
  const total = 1 + units.length + plan.tasks.length;
  let done = 0;
  const count = (outcome: CommandOutcome) => {
    if (outcome.alreadyHandled) alreadyThere += outcome.events.length;
    else written += outcome.events.length;
    options.onStep?.(++done, total);
  };

  count(
    await handlePlanCommand(
      store,
      {
        type: 'IssuePlan',
        at,
        planId: plan.planId,
        year: plan.year,
        title: plan.title,
        ...(plan.decisionRef ? { decisionRef: plan.decisionRef } : {}),
        indicators: plan.indicators,
        reportSchedule: plan.reportSchedule,
      },
      { ...context, commandId: `plan-apply:${plan.planId}:plan` },
    ),
  );

  for (const unit of units) {
    if ((await store.streamRevision(unitStreamId(unit.id))) >= 0) {
      unitsExisting += 1;
      options.onStep?.(++done, total);
      continue;
    }
    const outcome = await handleUnitCommand(
      store,
      {
        type: 'EstablishUnit',
        at,
        unitId: unit.id,
        name: unit.name,
        kind: unit.kind,
        ...(unit.parent ? { parentId: unit.parent } : {}),
        shortNames: unit.shortNames,
      },
      { ...context, commandId: `plan-apply:unit:${unit.id}` },
    );
    unitsEstablished += outcome.events.length;
    count(outcome);
  }

  let tasksDefined = 0;
  for (const task of plan.tasks) {
    const outcome = await handleTaskCommand(
      store,
      {
        type: 'DefineTask',
        at,
        planYear: plan.year,
        planId: plan.planId,
        taskId: task.id,
        area: task.area,
        title: task.title,
        product: task.product,
        deadline: task.deadline,
        lead: task.lead,
        coordinators: task.coordinators,
        ...(task.leadScope ? { leadScope: task.leadScope } : {}),
        ...(task.coordinatorScope ? { coordinatorScope: task.coordinatorScope } : {}),
      },
      { ...context, commandId: `plan-apply:${plan.planId}:task:${task.id}` },
    );
    if (!outcome.alreadyHandled) tasksDefined += outcome.events.length;
    count(outcome);
  }
  return { written, alreadyThere, unitsEstablished, unitsExisting, tasksDefined };
}
