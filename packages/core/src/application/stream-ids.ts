/** Stream naming: one stream per aggregate. */
export const planStreamId = (year: number): string => `plan-${year}`;
export const taskStreamId = (year: number, taskId: string): string => `task-${year}-${taskId}`;
export const unitStreamId = (unitId: string): string => `unit-${unitId}`;
/** Knowledge claims about a plan year's events (KnowledgeClaimed). */
export const knowledgeStreamId = (year: number): string => `knowledge-${year}`;
/** Published rankings of a plan. */
export const rankingStreamId = (planId: string): string => `ranking-${planId}`;

/** One evidence file (EvidenceFileAdded), by its SHA-256. */
export const evidenceStreamId = (sha256: string): string => `evidence-${sha256}`;

/** The department's own CCHC index of one year (the index decider). */
export const indexStreamId = (departmentId: string, year: number): string => `cchc-index-${departmentId}-${year}`;

/** How a ledger names its streams: the standard names, or a simulated department's own. */
export interface StreamNames {
  plan(year: number): string;
  task(year: number, taskId: string): string;
  unit(unitId: string): string;
}

export const STANDARD_STREAMS: StreamNames = { plan: planStreamId, task: taskStreamId, unit: unitStreamId };
