import type { PlanCommand } from '../commands/plan-commands.ts';
import type { TaskCommand } from '../commands/task-commands.ts';
import type { UnitCommand } from '../commands/unit-commands.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { PlanDefinition, PlanTask } from '../plan/plan-definition.ts';
import { type UnitDefinition, type UnitRegistry, unitsParentsFirst } from '../plan/unit-registry.ts';
import type { CommandContext } from './command-context.ts';
import { handlePlanCommand, handleTaskCommand, handleUnitCommand } from './command-handlers.ts';
import type { CommandOutcome } from './handle-command.ts';
import { claimKnowledge, type KnowledgeClaimOutcome } from './knowledge-claims.ts';
import { planStreamId, taskStreamId, unitStreamId } from './stream-ids.ts';

export interface ApplyPlanResult {
  /**
   * A plan recorded before (live, later than the office had it) and applied again as a backfill:
   * the claim that the office knew its events at the backfill's instant (nothing else is written).
   */
  readonly knowledgeClaim?: KnowledgeClaimOutcome;
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

/** The commands that record a plan: the plan issued, the units established (parents first), the tasks defined. */
export function commandsForPlan(
  plan: PlanDefinition,
  units: readonly UnitDefinition[],
  at: string,
): {
  issue: Extract<PlanCommand, { type: 'IssuePlan' }>;
  establish: Extract<UnitCommand, { type: 'EstablishUnit' }>[];
  define: Extract<TaskCommand, { type: 'DefineTask' }>[];
} {
  return {
    issue: {
      type: 'IssuePlan',
      at,
      planId: plan.planId,
      year: plan.year,
      title: plan.title,
      ...(plan.decisionRef ? { decisionRef: plan.decisionRef } : {}),
      indicators: plan.indicators,
      reportSchedule: plan.reportSchedule,
    },
    establish: unitsParentsFirst(units).map((unit) => ({
      type: 'EstablishUnit' as const,
      at,
      unitId: unit.id,
      name: unit.name,
      kind: unit.kind,
      ...(unit.parent ? { parentId: unit.parent } : {}),
      shortNames: unit.shortNames,
    })),
    define: plan.tasks.map((task) => ({ type: 'DefineTask' as const, at, ...taskDefinitionOf(plan, task) })),
  };
}

/** A plan task as the fields of the command that defines it (DefineTask, or AddTask mid-year). */
export function taskDefinitionOf(plan: PlanDefinition, task: PlanTask) {
  return {
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
  };
}

/**
 * Records a plan definition through the deciders: the plan issued, every unit of the registry
 * established (parents first; a unit that already exists is left as it is), every task defined
 * with its lead and coordinating units. Command ids derive from the plan id, so applying the same
 * plan again writes nothing, except that applying it again as a backfill claims that the office
 * knew the events recorded before at the backfill's instant (the repair of a plan applied live
 * after its time).
 */
export async function applyPlan(
  store: EventStore,
  plan: PlanDefinition,
  registry: UnitRegistry,
  options: ApplyPlanOptions,
): Promise<ApplyPlanResult> {
  const { at, context } = options;
  const commands = commandsForPlan(plan, registry.units, at);
  let written = 0;
  let alreadyThere = 0;
  let unitsEstablished = 0;
  let unitsExisting = 0;
  let tasksDefined = 0;
  const total = 1 + commands.establish.length + commands.define.length;
  let done = 0;
  const count = (outcome: CommandOutcome) => {
    if (outcome.alreadyHandled) alreadyThere += outcome.events.length;
    else written += outcome.events.length;
    options.onStep?.(++done, total);
  };

  count(await handlePlanCommand(store, commands.issue, { ...context, commandId: `plan-apply:${plan.planId}:plan` }));
  for (const establish of commands.establish) {
    if ((await store.streamRevision(unitStreamId(establish.unitId))) >= 0) {
      unitsExisting += 1;
      options.onStep?.(++done, total);
      continue;
    }
    const outcome = await handleUnitCommand(store, establish, {
      ...context,
      commandId: `plan-apply:unit:${establish.unitId}`,
    });
    unitsEstablished += outcome.events.length;
    count(outcome);
  }
  for (const define of commands.define) {
    const outcome = await handleTaskCommand(store, define, {
      ...context,
      commandId: `plan-apply:${plan.planId}:task:${define.taskId}`,
    });
    if (!outcome.alreadyHandled) tasksDefined += outcome.events.length;
    count(outcome);
  }
  if (written === 0 && context.backfill) {
    const knowledgeClaim = await claimKnowledge(
      store,
      {
        planYear: plan.year,
        streams: [
          planStreamId(plan.year),
          ...commands.establish.map((u) => unitStreamId(u.unitId)),
          ...commands.define.map((t) => taskStreamId(plan.year, t.taskId)),
        ],
        knownAt: context.backfill.knownAt ?? at,
        reason: context.backfill.reason,
      },
      context,
    );
    return { written, alreadyThere, unitsEstablished, unitsExisting, tasksDefined, knowledgeClaim };
  }
  return { written, alreadyThere, unitsEstablished, unitsExisting, tasksDefined };
}
