import type { EvidenceCommand } from '../commands/evidence-commands.ts';
import { INDEX_COMMAND_TYPES, type IndexCommand } from '../commands/index-commands.ts';
import { type PlanCommand, planCommandSchema } from '../commands/plan-commands.ts';
import { type TaskCommand, taskCommandSchema } from '../commands/task-commands.ts';
import type { UnitCommand } from '../commands/unit-commands.ts';

/** Every command the ledger decides: each type belongs to exactly one decider. */
export type LedgerCommand = PlanCommand | TaskCommand | UnitCommand | EvidenceCommand | IndexCommand;

/** A merge or a split: it moves the unit's assignments, so it writes to several streams. */
export type Reorganisation = Extract<UnitCommand, { type: 'MergeUnit' | 'SplitUnit' }>;

const PLAN_TYPES: ReadonlySet<string> = new Set(planCommandSchema.options.map((o) => o.shape.type.value));
const TASK_TYPES: ReadonlySet<string> = new Set(taskCommandSchema.options.map((o) => o.shape.type.value));

export function isPlanCommand(command: LedgerCommand): command is PlanCommand {
  return PLAN_TYPES.has(command.type);
}

export function isTaskCommand(command: LedgerCommand): command is TaskCommand {
  return TASK_TYPES.has(command.type);
}

export function isEvidenceCommand(command: LedgerCommand): command is EvidenceCommand {
  return command.type === 'AddEvidenceFile';
}

export function isIndexCommand(command: LedgerCommand): command is IndexCommand {
  return INDEX_COMMAND_TYPES.has(command.type);
}

/** The evidence files an index command cites (a self-score, an answer). */
export function indexEvidenceFilesOf(command: IndexCommand): readonly string[] {
  return 'evidenceFiles' in command ? (command.evidenceFiles ?? []) : [];
}

/** The evidence files a task command cites (progress, a submission, a completion). */
export function evidenceFilesOf(command: TaskCommand): readonly string[] {
  return 'evidenceFiles' in command ? (command.evidenceFiles ?? []) : [];
}

export function isReorganisation(command: LedgerCommand): command is Reorganisation {
  return command.type === 'MergeUnit' || command.type === 'SplitUnit';
}

/**
 * The units a task command names that must exist: the acting unit, a reassignment's target, the
 * holders of a task added mid-year. (A task's lead and coordinating units in the plan itself are
 * the plan's word: DefineTask does not check them.)
 */
export function unitsNamedBy(command: TaskCommand): string[] {
  const named: string[] = [];
  if ('unitId' in command && command.unitId) named.push(command.unitId);
  if (command.type === 'ReassignTask') named.push(command.toUnitId);
  if (command.type === 'AddTask') named.push(...new Set([...command.lead, ...command.coordinators]));
  return named;
}

/** Commands that define a task: they need the plan of their year issued. */
export function definesTask(command: TaskCommand): boolean {
  return command.type === 'DefineTask' || command.type === 'AddTask';
}

/** The units a unit command reads: the acting unit, a new unit's parent, a merge's or split's successors. */
export function unitsReadBy(command: UnitCommand): string[] {
  switch (command.type) {
    case 'EstablishUnit':
      return command.parentId ? [command.unitId, command.parentId] : [command.unitId];
    case 'MergeUnit':
      return [command.unitId, command.intoUnitId];
    case 'SplitUnit':
      return [command.unitId, ...command.intoUnitIds];
    default:
      return [command.unitId];
  }
}
