import type { PlanCommand } from '../commands/plan-commands.ts';
import type { TaskCommand } from '../commands/task-commands.ts';
import type { UnitCommand } from '../commands/unit-commands.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { CommandContext } from './command-context.ts';
import { type CommandOutcome, handleCommand } from './handle-command.ts';
import type { TaskDirectory } from './task-directory.ts';

/** `handleCommand` typed by decider, for callers that know which kind of command they hold. */
export function handlePlanCommand(
  store: EventStore,
  command: PlanCommand,
  context: CommandContext,
): Promise<CommandOutcome> {
  return handleCommand(store, command, context);
}

export function handleTaskCommand(
  store: EventStore,
  command: TaskCommand,
  context: CommandContext,
): Promise<CommandOutcome> {
  return handleCommand(store, command, context);
}

/** A merge or a split moves the unit's assignments: it needs the task directory. */
export function handleUnitCommand(
  store: EventStore,
  command: UnitCommand,
  context: CommandContext,
  directory?: TaskDirectory,
): Promise<CommandOutcome> {
  return handleCommand(store, command, context, directory ? { directory } : {});
}
