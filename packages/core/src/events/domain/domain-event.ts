import { z } from 'zod';
import type { RecordedEvent } from '../envelope.ts';
import { evidenceFileAddedEvent } from './evidence-events.ts';
import {
  criterionAppraisedEvent,
  criterionSelfScoredEvent,
  explanationAnsweredEvent,
  explanationRequestedEvent,
  indexDossierSubmittedEvent,
  indexPublishedEvent,
  surveyResultsEnteredEvent,
} from './index-events.ts';
import {
  indicatorMeasuredEvent,
  knowledgeClaimedEvent,
  planIssuedEvent,
  rankingPublishedEvent,
} from './plan-events.ts';
import {
  deadlineSetEvent,
  delayExcusedEvent,
  productReturnedEvent,
  productSubmittedEvent,
  progressReportedEvent,
  taskAmendedEvent,
  taskAssignedEvent,
  taskCancelledEvent,
  taskCompletedEvent,
  taskDefinedEvent,
  taskReassignedEvent,
  taskReopenedEvent,
  taskStartedEvent,
} from './task-events.ts';
import {
  criticismRecordedEvent,
  disciplinarySanctionRecordedEvent,
  initiativeRecognisedEvent,
  periodicReportSubmittedEvent,
  unitEstablishedEvent,
  unitMergedIntoEvent,
  unitRenamedEvent,
  unitSplitEvent,
} from './unit-events.ts';

/** Every domain event, discriminated by `type`; validated at the edges (API, Kafka, CLI, import). */
export const domainEventSchema = z.discriminatedUnion('type', [
  planIssuedEvent,
  indicatorMeasuredEvent,
  rankingPublishedEvent,
  knowledgeClaimedEvent,
  taskDefinedEvent,
  taskAmendedEvent,
  taskAssignedEvent,
  taskReassignedEvent,
  deadlineSetEvent,
  taskStartedEvent,
  progressReportedEvent,
  productSubmittedEvent,
  productReturnedEvent,
  taskCompletedEvent,
  taskReopenedEvent,
  taskCancelledEvent,
  delayExcusedEvent,
  unitEstablishedEvent,
  unitRenamedEvent,
  unitMergedIntoEvent,
  unitSplitEvent,
  periodicReportSubmittedEvent,
  initiativeRecognisedEvent,
  criticismRecordedEvent,
  disciplinarySanctionRecordedEvent,
  evidenceFileAddedEvent,
  criterionSelfScoredEvent,
  indexDossierSubmittedEvent,
  criterionAppraisedEvent,
  explanationRequestedEvent,
  explanationAnsweredEvent,
  surveyResultsEnteredEvent,
  indexPublishedEvent,
]);

export type DomainEvent = z.infer<typeof domainEventSchema>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type DomainEventData<T extends DomainEventType> = DomainEventOf<T>['data'];

/** A stored event read back as a domain event (after upcasting to the current schema version). */
export type RecordedDomainEvent = RecordedEvent<DomainEventType> & DomainEvent;

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = domainEventSchema.options.map((o) => o.shape.type.value);

/** The schema version new events of each type are written with. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<DomainEventType, number>> = Object.fromEntries(
  DOMAIN_EVENT_TYPES.map((t) => [t, t === 'ProgressReported' ? 2 : 1]),
) as Record<DomainEventType, number>;

export function isDomainEventType(type: string): type is DomainEventType {
  return (DOMAIN_EVENT_TYPES as readonly string[]).includes(type);
}
