import {
  type CheckpointKeeper,
  CURRENT_SCHEMA_VERSION,
  type DuckDb,
  domainEventSchema,
  type EventMetadata,
  type EventStore,
  type KeptCheckpoint,
  NotFoundError,
  rankingStreamId,
} from '@cchc/core';
import { parseRulebook } from '../rulebook/rulebook.ts';
import { sameRankingRows } from './publication-changes.ts';
import { computeRankings, type Ranking } from './ranking-service.ts';

export interface PublishedRankingRef {
  readonly planId: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly position: number;
  readonly streamRevision: number;
  readonly inputsHash: string;
  /** The event id was already stored (a retried publication): nothing was written. */
  readonly alreadyPublished: boolean;
  /** The signed checkpoint kept for it (tree size ≥ position), when a keeper was given. */
  readonly checkpoint?: KeptCheckpoint;
}

/**
 * Records a computed ranking as a RankingPublished event on `ranking-<planId>`: its rulebook,
 * instant, position, inputs hash, the hash of the log head it read, and every row. With
 * `checkpoints`, once the event is appended a signed checkpoint covering it is kept (issue 16): the
 * one already kept when its tree holds the event (a retried publication), else a new one.
 */
export async function publishRanking(
  store: EventStore,
  db: DuckDb,
  ranking: Ranking,
  metadata: EventMetadata,
  options: {
    readonly eventId?: string;
    readonly expectedRevision?: number;
    readonly checkpoints?: CheckpointKeeper;
  } = {},
): Promise<PublishedRankingRef> {
  const { eventId, expectedRevision } = options;
  const logHash = await db.value<string>(`SELECT hash FROM events WHERE global_position = $1::BIGINT`, [
    ranking.position,
  ]);
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
  const streamId = rankingStreamId(ranking.planId);
  const expected =
    expectedRevision === undefined
      ? {}
      : { expectedRevision: expectedRevision < 0 ? ('no_stream' as const) : expectedRevision };
  const result = await store.appendToStream(
    streamId,
    [
      {
        ...(eventId ? { eventId } : {}),
        type: 'RankingPublished',
        schemaVersion: CURRENT_SCHEMA_VERSION.RankingPublished,
        data,
        metadata,
        occurredAt: new Date().toISOString(),
      },
    ],
    expected,
  );
  const ref = result.events[0]!;
  const kept = await options.checkpoints?.ensureCovering(ref.globalPosition);
  return {
    planId: ranking.planId,
    streamId,
    eventId: ref.eventId,
    position: ref.globalPosition,
    streamRevision: ref.streamRevision,
    inputsHash: ranking.inputsHash,
    alreadyPublished: result.idempotentReplay,
    ...(kept ? { checkpoint: { checkpoint: kept.checkpoint, file: kept.file } } : {}),
  };
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
  const row = await db.value<string>(
    `SELECT data::VARCHAR FROM events WHERE event_id = TRY_CAST($1 AS UUID) AND type = 'RankingPublished'`,
    [eventId],
  );
  if (!row)
    throw new NotFoundError(`Không có sự kiện RankingPublished ${eventId}`, `no RankingPublished event ${eventId}`);
  const published = domainEventSchema.parse({ type: 'RankingPublished', data: JSON.parse(row) });
  if (published.type !== 'RankingPublished') throw new TypeError('unreachable: the schema keeps the type');
  const p = published.data;
  const key = `${p.rulebook.id}@${p.rulebook.version}`;
  const json = await db.value<string>(`SELECT json FROM rb_rulebooks WHERE rb_key = $1`, [key]);
  if (!json) throw new NotFoundError(`Không tìm thấy bộ quy tắc ${key}`, `rulebook ${key} not found`);
  const [again] = await computeRankings(db, {
    rulebook: parseRulebook(JSON.parse(json)),
    published: true,
    asOf: p.asOf,
    position: p.position,
    ...(p.planId ? { planId: p.planId } : { year: p.year }),
  });
  const sameRows = sameRankingRows(again!.rows, p.rows);
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
