import type { NewEvent } from '../../../events/envelope.ts';
import { normaliseRequests } from '../../append-input.ts';
import type { AppendRequest } from '../../event-store.ts';
import type { AppendUnit } from '../group-plan.ts';

/** The store clock of the unit specs. */
export const SPEC_NOW = '2025-03-01T02:00:00.000Z';

/** A fixed event id per number. */
export const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A valid event with id `id(n)` and data `{ n }`. */
export const ev = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({
  eventId: id(n),
  type: 'SomethingHappened',
  data: { n },
  metadata: { actor: 'test', source: 'test' },
  occurredAt: '2025-02-01T00:00:00Z',
  ...extra,
});

/** One caller's append, checked as the store checks it. */
export const unit = (...requests: AppendRequest[]): AppendUnit => ({
  requests: normaliseRequests(requests, Date.parse(SPEC_NOW)),
});
