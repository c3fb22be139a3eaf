import { planStreamId } from '../application/stream-ids.ts';
import type { StreamCatalogue } from '../event-store/capabilities.ts';
import type { EventStore } from '../event-store/event-store.ts';

/** What finding the plans needs of a store: its head, and its stream catalogue. */
export type PlanStreamSource = Pick<EventStore, 'headPosition'> & {
  readonly capabilities: { readonly streamCatalogue: StreamCatalogue };
};

/** `plan-`: a plan's stream id without its year. */
const PLAN_PREFIX = planStreamId(0).slice(0, -1);
const yearsSeen = new WeakMap<PlanStreamSource, { head: number; years: number[] }>();

/**
 * The years of the plans in a store, in stream id order; remembered per store and log head (the
 * list only changes when the log does). A caller that needs one plan phrases the error for none or
 * several itself.
 */
export async function planYearsIn(store: PlanStreamSource): Promise<readonly number[]> {
  const head = await store.headPosition();
  const seen = yearsSeen.get(store);
  if (seen?.head === head) return seen.years;
  const years = (await store.capabilities.streamCatalogue.streamIdsWithPrefix(PLAN_PREFIX))
    .map((s) => Number(s.slice(PLAN_PREFIX.length)))
    .filter(Number.isInteger);
  yearsSeen.set(store, { head, years });
  return years;
}
