import {
  asHashed,
  type CheckpointKeeper,
  type DuckDb,
  domainEventSchema,
  type LedgerStore,
  localDateTimeOf,
  proveInclusion,
} from '@cchc/core';
import { parseRulebook, yearEndCutoff } from '@cchc/projections';
import { checkpointAnswerOf } from '../answers/checkpoints.ts';
import type { HashedEvent, PublicPublication, PublicPublicationDetail } from '../answers/public.ts';

/** A RankingPublished event as the public page shows it, with its rows and the event itself. */
interface Found {
  readonly summary: PublicPublication;
  readonly rows: readonly { unitId: string; score: number | null; band: string | null; rank: number | null }[];
}

/**
 * Every RankingPublished up to the read models' position (of one year, when given), oldest first.
 * Only these events are read: the public page has nothing else to show.
 */
export async function publishedRankings(
  db: DuckDb,
  checkpoints: CheckpointKeeper,
  position: number,
  year?: number,
): Promise<Found[]> {
  const rows = await db.rows<{ eventId: string; position: number; recordedAt: Date; data: string }>(
    `SELECT event_id::VARCHAR AS "eventId", global_position AS position, recorded_at AS "recordedAt", data::VARCHAR AS data
     FROM events WHERE type = 'RankingPublished' AND global_position <= $1::BIGINT ORDER BY global_position`,
    [position],
  );
  const cutoffs = new Map<string, string | null>();
  const cutoffOf = async (id: string, version: number, y: number) => {
    const key = `${id}@${version}`;
    if (!cutoffs.has(key)) {
      const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
      cutoffs.set(key, json ? yearEndCutoff(parseRulebook(JSON.parse(json)), y) : null);
    }
    return cutoffs.get(key) ?? null;
  };
  const found: Found[] = [];
  for (const row of rows) {
    const parsed = domainEventSchema.parse({ type: 'RankingPublished', data: JSON.parse(row.data) });
    if (parsed.type !== 'RankingPublished') throw new TypeError('unreachable: the schema keeps the type');
    const p = parsed.data;
    if (year !== undefined && p.year !== year) continue;
    const cutoff = await cutoffOf(p.rulebook.id, p.rulebook.version, p.year);
    const asOf = new Date(p.asOf).toISOString();
    const recordedAt = new Date(row.recordedAt).toISOString();
    const kept = checkpoints.covering(row.position);
    found.push({
      summary: {
        year: p.year,
        planId: p.planId ?? null,
        eventId: row.eventId,
        position: row.position,
        recordedAt,
        recordedLocal: localDateTimeOf(recordedAt),
        asOf,
        asOfLocal: localDateTimeOf(asOf),
        // Without its rulebook the cutoff is unknown: say provisional rather than final.
        provisional: cutoff === null || Date.parse(asOf) < Date.parse(cutoff),
        rulebook: p.rulebook,
        atPosition: p.position,
        inputsHash: p.inputsHash,
        checkpoint: kept ? checkpointAnswerOf(kept) : null,
      },
      rows: p.rows,
    });
  }
  return found;
}

/** A publication with its rows (and the units' names at it), the event as hashed and its inclusion proof. */
export async function publicationDetail(
  db: DuckDb,
  store: LedgerStore,
  found: Found,
): Promise<PublicPublicationDetail> {
  const { summary } = found;
  const names = new Map(
    (
      await db.rows<{ unitId: string; name: string }>(
        `SELECT unit_id AS "unitId", arg_max(name, position) AS name
         FROM (SELECT unit_id, name, position FROM rm_units
               UNION ALL SELECT unit_id, name, position FROM rm_unit_changes WHERE name IS NOT NULL)
         WHERE position <= $1::BIGINT GROUP BY unit_id`,
        [summary.position],
      )
    ).map((r) => [r.unitId, r.name]),
  );
  const [recorded] = await store.readAll({ fromPosition: summary.position, limit: 1 });
  if (!recorded || recorded.eventId !== summary.eventId)
    throw new Error(`the log has no event ${summary.eventId} at position ${summary.position}`);
  // The texts are the stored ones when they hash to the stored hash (the store writes JSON.stringify).
  const event: HashedEvent | undefined = asHashed(recorded);
  if (!event) throw new Error(`the publication at position ${summary.position} does not hash to its stored hash`);
  return {
    ...summary,
    rows: found.rows.map((r) => ({
      rank: r.rank,
      unitId: r.unitId,
      unitName: names.get(r.unitId) ?? null,
      score: r.score,
      band: r.band,
    })),
    event,
    inclusion: summary.checkpoint ? await inclusionIn(store, summary.eventId, summary.checkpoint.treeSize) : null,
  };
}

async function inclusionIn(store: LedgerStore, eventId: string, treeSize: number) {
  const proof = await proveInclusion(store, eventId, treeSize);
  return { ...proof, proof: [...proof.proof] };
}
