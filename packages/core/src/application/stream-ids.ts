/** Stream naming: one stream per aggregate. */
export const planStreamId = (year: number): string => `plan-${year}`;
export const taskStreamId = (year: number, taskId: string): string => `task-${year}-${taskId}`;
export const unitStreamId = (unitId: string): string => `unit-${unitId}`;
/** Published rankings of a plan. */
export const rankingStreamId = (planId: string): string => `ranking-${planId}`;
