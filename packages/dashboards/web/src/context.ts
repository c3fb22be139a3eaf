import type { PlanSummary } from '@cchc/api';

/** What every page is given: the plan, the instant the page shows, and its route. */
export interface PageContext {
  readonly plan: PlanSummary;
  /** `YYYY-MM-DD`, the day chosen in the header. */
  readonly asOfDate: string;
  /** The end of that day in Vietnam time (core's endOfLocalDay, as the ranking's 15/12 cutoff), as sent to the API. */
  readonly asOf: string;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
}

export type Page = (ctx: PageContext) => Promise<Node>;

export const hashOf = (path: string, query: Record<string, string | undefined> = {}): string => {
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const qs = params.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
};

const mountQueue: (() => void)[] = [];

/** Runs `work` once the page is in the document (charts need their container's size). */
export function afterMount(work: () => void): void {
  mountQueue.push(work);
}

export function runMounted(): void {
  for (const work of mountQueue.splice(0)) work();
}

export function dropMounted(): void {
  mountQueue.length = 0;
}
