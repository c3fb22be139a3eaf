import {
  CURRENT_SCHEMA_VERSION,
  domainEventSchema,
  NotFoundError,
  rankingStreamId,
  type DuckDb,
  type EventMetadata,
  type EventStore,
} from '@cchc/core';
import { parseRulebook } from '../rulebook/rulebook.ts';
import { computeRankings, type Ranking } from './ranking-service.ts';

export interface PublishedRankingRef {
  readonly planId: string;
  readonly eventId: string;
  readonly position: number;
  readonly inputsHash: string;
}

/**
 * Records a computed ranking as a RankingPublished event on `ranking-<planId>`: its rulebook,
 * instant, position, inputs hash, the hash of the log head it read, and every row.
 */
export async function publishRanking(
  store: EventStore,
  db: DuckDb,
  ranking: Ranking,
  metadata: EventMetadata,
  eventId?: string,
): Promise<PublishedRankingRef> {
  const logHash = await db.value<string>(`SELECT hash FROM events WHERE global_position = $1::BIGINT`, [ranking.position]);
  const data = domainEventSchema.parse({
    type: 'RankingPublished',
    data: {
      year: ranking.year,
      planId: ranking.planId,
      rulebook: ranking.rulebook,
      asOf: ranking.asOf,
      position: ranking.position,
      inputsHash: ranking.inputsHash,
      ...(logHash ? { logHash } : {}),
      rows: ranking.rows.map((r) => ({ unitId: r.unitId, score: r.score, band: r.band, rank: r.rank })),
    },
  }).data;
  const result = await store.appendToStream(rankingStreamId(ranking.planId), [
    {
      ...(eventId ? { eventId } : {}),
      type: 'RankingPublished',
      schemaVersion: CURRENT_SCHEMA_VERSION.RankingPublished,
      data,
      metadata,
      occurredAt: new Date().toISOString(),
    },
  ]);
  return { planId: ranking.planId, eventId: result.events[0]!.eventId, position: result.events[0]!.globalPosition, inputsHash: ranking.inputsHash };
}

export interface RankingVerification {
  readonly ok: boolean;
  readonly eventId: string;
  readonly planId: string;
  readonly position: number;
  readonly publishedInputsHash: string;
  readonly recomputedInputsHash: string;
  readonly sameRows: boolean;
}

/** Recomputes a published ranking at its own instant, position and rulebook, and compares. */
export async function verifyPublishedRanking(db: DuckDb, eventId: string): Promise<RankingVerification> {
  const row = await db.value<string>(`SELECT data::VARCHAR FROM events WHERE event_id = TRY_CAST($1 AS UUID) AND type = 'RankingPublished'`, [eventId]);
  if (!row) throw new NotFoundError(`Không có sự kiện RankingPublished ${eventId}`, `no RankingPublished event ${eventId}`);
  const published = domainEventSchema.parse({ type: 'RankingPublished', data: JSON.parse(row) });
  if (published.type !== 'RankingPublished') throw new TypeError('unreachable: the schema keeps the type');
  const p = published.data;
  const key = `${p.rulebook.id}@${p.rulebook.version}`;
  const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (!json) throw new NotFoundError(`Không tìm thấy bộ quy tắc ${key}`, `rulebook ${key} not found`);
  const [again] = await computeRankings(db, {
    rulebook: parseRulebook(JSON.parse(json)),
    asOf: p.asOf,
    position: p.position,
    ...(p.planId ? { planId: p.planId } : { year: p.year }),
  });
  const sameRows =
    again!.rows.length === p.rows.length &&
    again!.rows.every((r, i) => {
      const q = p.rows[i]!;
      const scoresAgree = r.score === null ? q.score === null : q.score !== null && Math.abs(r.score - q.score) <= 1e-9;
      return r.unitId === q.unitId && scoresAgree && r.band === q.band && r.rank === q.rank;
    });
  return {
    ok: again!.inputsHash === p.inputsHash && sameRows,
    eventId,
    planId: again!.planId,
    position: p.position,
    publishedInputsHash: p.inputsHash,
    recomputedInputsHash: again!.inputsHash,
    sameRows,
  };
}
