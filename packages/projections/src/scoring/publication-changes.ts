import type { DuckDb } from '@cchc/core';
import { inputEventsCtes } from '../sql/input-events.ts';
import type { Ranking, RankingRow } from './ranking-service.ts';

/** An event a ranking counts now that the publication it is compared with did not count. */
export interface ChangedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly position: number;
  readonly occurredAt: string;
  /** When the office knew it, for this ranking: its own knowledge time or the earliest knowledge claim that counts. */
  readonly knownAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly source: string;
  /** Why it was entered late (a backfill's or a late entry's reason), if it says. */
  readonly reason: string | null;
  /** The KnowledgeClaimed that makes it count, when its own knowledge time does not. */
  readonly claimedBy: string | null;
}

/** A computed ranking beside the latest RankingPublished for the same plan, instant and rulebook. */
export interface PublicationComparison {
  readonly published: {
    readonly eventId: string;
    /** The position of the RankingPublished event itself. */
    readonly position: number;
    /** The log position the published ranking was computed at. */
    readonly atPosition: number;
    readonly inputsHash: string;
    readonly recordedAt: string;
  };
  readonly inputsHash: string;
  readonly sameInputsHash: boolean;
  /** Same units, scores (to 1e-9), bands and ranks, in the same order. */
  readonly sameRows: boolean;
  /**
   * The events that make the difference: those the ranking counts now (in its input streams, or
   * knowledge claims about them) that were not counted at the published position: recorded after
   * it, or made known at the instant by a knowledge claim recorded after it. Empty when the hashes
   * differ only by the position.
   */
  readonly changes: readonly ChangedEvent[];
}

type PublishedRow = { event_id: string; position: number; at_position: number; inputs_hash: string; recorded_at: Date };

/**
 * Compares a ranking with the latest RankingPublished (up to the ranking's position) for the same
 * plan, instant and rulebook. Null when there is none.
 */
export async function compareWithPublished(db: DuckDb, ranking: Ranking): Promise<PublicationComparison | null> {
  const [published] = await db.rows<PublishedRow>(
    `SELECT event_id::VARCHAR AS event_id, position, at_position, inputs_hash, recorded_at FROM rm_rankings_published
     WHERE (plan_id = $1 OR (plan_id IS NULL AND year = $2)) AND as_of = $3::TIMESTAMPTZ
       AND rulebook_id = $4 AND rulebook_version = $5 AND position <= $6::BIGINT
     ORDER BY position DESC LIMIT 1`,
    [ranking.planId, ranking.year, ranking.asOf, ranking.rulebook.id, ranking.rulebook.version, ranking.position],
  );
  if (!published) return null;
  const data = await db.value<string>(`SELECT data::VARCHAR FROM events WHERE event_id = $1::UUID`, [
    published.event_id,
  ]);
  const publishedRows = (JSON.parse(data ?? '{}') as { rows?: PublishedRankRow[] }).rows ?? [];
  const sameInputsHash = published.inputs_hash === ranking.inputsHash;
  const changes = sameInputsHash ? [] : await changedEvents(db, ranking, published.at_position);
  return {
    published: {
      eventId: published.event_id,
      position: published.position,
      atPosition: published.at_position,
      inputsHash: published.inputs_hash,
      recordedAt: published.recorded_at.toISOString(),
    },
    inputsHash: ranking.inputsHash,
    sameInputsHash,
    sameRows: sameRankingRows(ranking.rows, publishedRows),
    changes,
  };
}

/** A row as RankingPublished records it. */
export type PublishedRankRow = Pick<RankingRow, 'unitId' | 'score' | 'band' | 'rank'>;

/** Same units in the same order, scores equal to 1e-9, same bands and ranks. */
export function sameRankingRows(a: readonly PublishedRankRow[], b: readonly PublishedRankRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const q = b[i]!;
      const scoresAgree = r.score === null ? q.score === null : q.score !== null && Math.abs(r.score - q.score) <= 1e-9;
      return r.unitId === q.unitId && scoresAgree && r.band === q.band && r.rank === q.rank;
    })
  );
}

async function changedEvents(db: DuckDb, ranking: Ranking, atPosition: number): Promise<ChangedEvent[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `WITH ${inputEventsCtes},
     claims_now AS (SELECT * FROM cchc_claims($1::TIMESTAMPTZ, $2::BIGINT)),
     claims_then AS (SELECT event_id FROM cchc_claims($1::TIMESTAMPTZ, $4::BIGINT) WHERE claimed_at <= $1::TIMESTAMPTZ)
     SELECT e.event_id::VARCHAR AS event_id, e.type, e.stream_id, e.global_position AS position, e.occurred_at, e.recorded_at,
            least(coalesce(e.known_at, e.recorded_at), c.claimed_at) AS known_at, e.actor, e.source,
            json_extract_string(e.metadata, '$.reason') AS reason,
            CASE WHEN coalesce(e.known_at, e.recorded_at) > $1::TIMESTAMPTZ THEN c.claim_event::VARCHAR END AS claimed_by
     FROM events e JOIN read_events r USING (global_position)
     LEFT JOIN claims_now c ON c.event_id = e.event_id
     WHERE NOT (e.global_position <= $4::BIGINT
                AND (coalesce(e.known_at, e.recorded_at) <= $1::TIMESTAMPTZ OR e.event_id IN (SELECT event_id FROM claims_then)))
     ORDER BY e.global_position`,
    [ranking.asOf, ranking.position, ranking.planId, atPosition],
  );
  const iso = (v: unknown) => (v as Date).toISOString();
  return rows.map((r) => ({
    eventId: r.event_id as string,
    type: r.type as string,
    streamId: r.stream_id as string,
    position: Number(r.position),
    occurredAt: iso(r.occurred_at),
    knownAt: iso(r.known_at),
    recordedAt: iso(r.recorded_at),
    actor: r.actor as string,
    source: r.source as string,
    reason: (r.reason as string | null) ?? null,
    claimedBy: (r.claimed_by as string | null) ?? null,
  }));
}
