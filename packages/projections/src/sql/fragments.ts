import type { DomainEventType } from '@cchc/core';

/**
 * R-AS-KNOWN: a row counts at (p_asof, p_pos) when the office knew it by p_asof (a backfill's
 * knownAt claim, else when it was recorded), it occurred by p_asof and its position ≤ p_pos.
 * `vis` is for fact tables (`position`, `known_at`), `visEvent` for the log (`global_position`).
 */
export const vis = (alias: string) =>
  `${alias}.position <= p_pos AND ${alias}.known_at <= p_asof AND ${alias}.occurred_at <= p_asof`;
export const visEvent = (alias: string) =>
  `${alias}.global_position <= p_pos AND coalesce(${alias}.known_at, ${alias}.recorded_at) <= p_asof AND ${alias}.occurred_at <= p_asof`;

/**
 * A cheap prefilter on a task row for one plan: rows of another explicit plan cannot belong to it.
 * It lets the scan skip most rows before the exact (join-dependent) plan test below it.
 */
export const mayBelongToPlan = (alias: string) =>
  `(p_plan IS NULL OR ${alias}.plan_id IS NULL OR ${alias}.plan_id = p_plan)`;

/** The task activity a unit records on its assignment: read straight from the log (its typed columns), never copied into a fact table. */
export const TASK_ACTIVITY = [
  'TaskStarted',
  'ProgressReported',
  'ProductSubmitted',
  'ProductReturned',
  'TaskCompleted',
  'TaskReopened',
  'DelayExcused',
] as const satisfies readonly DomainEventType[];
export type TaskActivity = (typeof TASK_ACTIVITY)[number];
export const ACTIVITY_TYPES = `(${TASK_ACTIVITY.map((t) => `'${t}'`).join(', ')})`;
