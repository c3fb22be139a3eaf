import type { PlanCommand } from '../commands/plan-commands.ts';
import type { TaskCommand } from '../commands/task-commands.ts';
import type { UnitCommand } from '../commands/unit-commands.ts';
import { planDecider } from '../deciders/plan-decider.ts';
import { RuleViolationError } from '../deciders/rule-violation.ts';
import { taskDecider } from '../deciders/task-decider.ts';
import { unitDecider } from '../deciders/unit-decider.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { CommandContext } from './command-context.ts';
import { type CommandOutcome, decideAndAppend } from './decide-and-append.ts';
import { reorganiseUnit } from './reorganise-units.ts';
import { planStreamId, taskStreamId, unitStreamId } from './stream-ids.ts';
import type { TaskDirectory } from './task-directory.ts';

export async function handlePlanCommand(
  store: EventStore,
  command: PlanCommand,
  context: CommandContext,
): Promise<CommandOutcome> {
  return decideAndAppend({ store, decider: planDecider, command, context, writeStream: planStreamId(command.year) });
}

/** A task may only be defined under an issued plan; everything else is the task decider's. */
export async function handleTaskCommand(
  store: EventStore,
  command: TaskCommand,
  context: CommandContext,
): Promise<CommandOutcome> {
  if (command.type === 'DefineTask' && (await store.streamRevision(planStreamId(command.planYear))) < 0) {
    throw new RuleViolationError(
      'PLAN_NOT_ISSUED',
      { action: { vi: 'xác định', en: 'define' }, taskId: command.taskId },
      {
        vi: `năm ${command.planYear}`,
        en: `year ${command.planYear}`,
      },
    );
  }
  return decideAndAppend({
    store,
    decider: taskDecider,
    command,
    context,
    writeStream: taskStreamId(command.planYear, command.taskId),
  });
}

/**
 * Unit decisions read the acting unit and every unit the command names (a parent). A merge or a
 * split also passes the unit's assignments on, so it needs the task directory (reorganiseUnit).
 */
export async function handleUnitCommand(
  store: EventStore,
  command: UnitCommand,
  context: CommandContext,
  directory?: TaskDirectory,
): Promise<CommandOutcome> {
  if (command.type === 'MergeUnit' || command.type === 'SplitUnit') {
    if (!directory) throw new TypeError(`${command.type} moves assignments: pass a TaskDirectory`);
    return reorganiseUnit(store, directory, command, context);
  }
  const others: string[] = [];
  if (command.type === 'EstablishUnit' && command.parentId) others.push(command.parentId);
  return decideAndAppend({
    store,
    decider: unitDecider,
    command,
    context,
    writeStream: unitStreamId(command.unitId),
    readStreams: others.map(unitStreamId),
  });
}
