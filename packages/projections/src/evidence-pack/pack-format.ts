import { checkpointSchema, rankingPublishedEvent } from '@cchc/core';
import { z } from 'zod';
import type { AssignmentExplanation } from '../scoring/explain.ts';

/**
 * The offline evidence pack (issue 16): its files and their shapes, one definition shared by the
 * builder, the CLI check and the browser verifier. Browser-safe: `@cchc/core` resolves to its
 * browser part in the verifier's bundle.
 */

export const PACK_FORMAT = 'cchc-evidence-pack/1';

/** Every file of a pack, by its path inside the pack folder (or zip). */
export const PACK_FILES = {
  manifest: 'manifest.json',
  manifestSignature: 'manifest.sig',
  checkpoint: 'checkpoint.json',
  publicKey: 'public-key.txt',
  events: 'events.json',
  ranking: 'ranking.json',
  explanation: 'explanation.json',
  rulebook: 'rulebook.json',
  consistency: 'consistency.json',
  verifier: 'verifier.html',
  readme: 'README.txt',
} as const;

/** An evidence file's path in the pack: named by its SHA-256, as in the data directory. */
export const evidencePathOf = (sha256: string): string => `evidence/${sha256}`;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One event as the store hashed it: the exact stored texts of its data and metadata, the previous
 * event's hash (to recompute its chain hash without the rest of the log), and its inclusion proof
 * (RFC 9162 §2.1.3) in the tree of the pack's checkpoint.
 */
export const packEventSchema = z.strictObject({
  eventId: z.string().min(1),
  streamId: z.string().min(1),
  streamRevision: z.number().int().min(0),
  globalPosition: z.number().int().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  occurredAt: z.string().min(1),
  recordedAt: z.string().min(1),
  metadataJson: z.string().min(2),
  dataJson: z.string().min(2),
  prevHash: hex64,
  hash: hex64,
  proof: z.array(hex64),
});
export type PackEvent = z.infer<typeof packEventSchema>;
export const packEventsSchema = z.array(packEventSchema);

const rankingPublishedData = rankingPublishedEvent.shape.data;

/**
 * The ranking in the pack: the published one (its RankingPublished event is in the pack, so the
 * checkpoint anchors it), or the current one, marked as not published (nothing anchors it).
 */
export const packRankingSchema = z.strictObject({
  published: z.boolean(),
  /** The RankingPublished event, when published. */
  eventId: z.string().nullable(),
  ranking: rankingPublishedData,
});
export type PackRanking = z.infer<typeof packRankingSchema>;

/**
 * Consistency proofs (RFC 9162 §2.1.4) from earlier signed checkpoints (those the data directory
 * keeps, and those the inspector handed in) to the pack's: the log the pack certifies extends them.
 */
export const packConsistencySchema = z.array(z.strictObject({ checkpoint: checkpointSchema, proof: z.array(hex64) }));
export type PackConsistency = z.infer<typeof packConsistencySchema>;

/** Which events the pack holds and why (docs/audit.md, "Evidence pack"). */
export const packScopeSchema = z.strictObject({
  year: z.number().int(),
  planId: z.string().min(1),
  /** The unit whose explanation and events the pack holds; null: every unit of the ranking. */
  unitId: z.string().nullable(),
  /** The unit and the units merged into it, whose streams are in the pack. */
  members: z.array(z.string()),
  /** Streams held whole up to the ranking's position (every revision from 0). */
  streams: z.array(z.string()),
});
export type PackScope = z.infer<typeof packScopeSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  /** When the pack was made (UTC). */
  createdAt: z.iso.datetime(),
  scope: packScopeSchema,
  checkpoint: checkpointSchema.pick({ treeSize: true, root: true, takenAt: true }),
  /** Every file of the pack but the manifest and its signature, with its SHA-256 and size. */
  files: z.array(z.strictObject({ path: z.string().min(1), sha256: hex64, size: z.number().int().min(0) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The text the manifest signature covers: says what it is, then the manifest's exact bytes. */
export const MANIFEST_SIGNATURE_PREFIX = 'cchc-ledger evidence-pack v1\n';

/**
 * What the verifier reads of the unit's explanation (scoring/explain.ts, UnitExplanation, which
 * satisfies it: checked in pack-format.unit.spec.ts): the score it states and the events it cites.
 */
const ids = z.array(z.string());
export const explanationRefsSchema = z.looseObject({
  planId: z.string(),
  position: z.number(),
  unit: z.looseObject({ unitId: z.string(), score: z.number().nullable(), band: z.string().nullable() }),
  assignments: z.array(
    z.looseObject({
      events: z.looseObject({
        defined: z.string(),
        heldBy: ids,
        deadlines: ids,
        cancelled: ids,
        completed: z.string().nullable(),
        returned: ids,
        excused: ids,
        progress: ids,
      }),
    }),
  ),
  reports: z.array(z.looseObject({ eventId: z.string().nullable() })),
  recognitions: z.array(z.looseObject({ eventId: z.string() })),
});
export type ExplanationRefs = z.infer<typeof explanationRefsSchema>;

/** What of an explanation cites events (UnitExplanation and ExplanationRefs both are). */
export interface CitingExplanation {
  readonly assignments: readonly { readonly events: AssignmentExplanation['events'] }[];
  readonly reports: readonly { readonly eventId: string | null }[];
  readonly recognitions: readonly { readonly eventId: string }[];
}

/** Every event id the explanation cites. */
export function citedEventIds(x: CitingExplanation): string[] {
  const cited = new Set<string>();
  for (const a of x.assignments) {
    const e = a.events;
    for (const id of [
      e.defined,
      ...e.heldBy,
      ...e.deadlines,
      ...e.cancelled,
      ...e.returned,
      ...e.excused,
      ...e.progress,
    ])
      cited.add(id);
    if (e.completed !== null) cited.add(e.completed);
  }
  for (const r of x.reports) if (r.eventId !== null) cited.add(r.eventId);
  for (const r of x.recognitions) cited.add(r.eventId);
  return [...cited];
}
