import { v5 as uuidV5 } from 'uuid';
import { ValidationError } from '../errors/cchc-error.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { expectedRevisionAt } from '../event-store/expected-revision.ts';
import { CURRENT_SCHEMA_VERSION } from '../events/domain/domain-event.ts';
import { knownAtOf, type RecordedEvent } from '../events/envelope.ts';
import type { CommandContext } from './command-context.ts';
import { eventIdFor } from './command-context.ts';
import { knowledgeStreamId } from './stream-ids.ts';

/** Namespace of the command ids of knowledge claims (so the same claim twice writes nothing). */
const CLAIM_NAMESPACE = '3f4e8a2c-5b7d-4e19-9a0c-71d2b6e0c4a8';
const MAX_IDS_PER_CLAIM = 10_000;

export interface KnowledgeClaimRequest {
  readonly planYear: number;
  /** The streams whose events the office knew: every event in them that it learnt of later is claimed. */
  readonly streams: readonly string[];
  /** When the office knew them (canonical UTC ISO). */
  readonly knownAt: string;
  readonly reason: string;
}

export interface KnowledgeClaimOutcome {
  /** Events now claimed as known at `knownAt`. */
  readonly claimed: number;
  /** Events the same claim had listed before (nothing written for them). */
  readonly alreadyClaimed: number;
  /** Events of those streams the office already knew by then (nothing to claim). */
  readonly alreadyKnown: number;
  /** Events that happened after `knownAt`: the office cannot have known them then. */
  readonly happenedLater: number;
  readonly claimEventIds: readonly string[];
}

/**
 * Records that the office knew, at an earlier instant, events that were entered later without
 * saying so (the repair of a past year applied live). Nothing is changed: a KnowledgeClaimed event
 * (a backfill with who, when and why) lists the events, and "as known at T" counts them once the
 * claim counts. The same claim again writes nothing.
 */
export async function claimKnowledge(
  store: EventStore,
  request: KnowledgeClaimRequest,
  context: Pick<CommandContext, 'actor' | 'source' | 'unitId'>,
): Promise<KnowledgeClaimOutcome> {
  const knownAt = new Date(Date.parse(request.knownAt)).toISOString();
  if (Number.isNaN(Date.parse(request.knownAt)) || knownAt !== request.knownAt) {
    throw new ValidationError({ vi: 'Yêu cầu', en: 'request' }, [
      { path: 'knownAt', message: 'thời điểm dạng chuẩn …Z / a canonical …Z instant' },
    ]);
  }
  let alreadyKnown = 0;
  let happenedLater = 0;
  const ids: string[] = [];
  for (const streamId of request.streams) {
    for (const e of await store.readStream(streamId)) {
      if (e.occurredAt > knownAt) happenedLater += 1;
      else if (knownAtOf(e) <= knownAt) alreadyKnown += 1;
      else ids.push(e.eventId);
    }
  }
  const claimEventIds: string[] = [];
  let alreadyClaimed = 0;
  const stream = knowledgeStreamId(request.planYear);
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_CLAIM) {
    const eventIds = ids.slice(i, i + MAX_IDS_PER_CLAIM);
    const commandId = uuidV5(`${request.planYear}\n${knownAt}\n${eventIds.join(',')}`, CLAIM_NAMESPACE);
    const eventId = eventIdFor(commandId, 0);
    const existing = await store.readStream(stream);
    if (existing.some((e: RecordedEvent) => e.eventId === eventId)) alreadyClaimed += eventIds.length;
    else {
      const last = existing.at(-1);
      await store.appendToStream(
        stream,
        [
          {
            eventId,
            type: 'KnowledgeClaimed',
            schemaVersion: CURRENT_SCHEMA_VERSION.KnowledgeClaimed,
            data: { planYear: request.planYear, eventIds, knownAt, reason: request.reason },
            metadata: {
              actor: context.actor,
              source: 'backfill',
              ...(context.unitId ? { unitId: context.unitId } : {}),
              causationId: commandId,
              correlationId: commandId,
              knownAt,
              reason: request.reason,
            },
            occurredAt: knownAt,
          },
        ],
        { expectedRevision: expectedRevisionAt(last?.streamRevision ?? -1) },
      );
    }
    claimEventIds.push(eventId);
  }
  return { claimed: ids.length - alreadyClaimed, alreadyClaimed, alreadyKnown, happenedLater, claimEventIds };
}
