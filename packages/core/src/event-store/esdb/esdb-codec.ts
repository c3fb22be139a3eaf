import type { EventMetadata } from '../../events/envelope.ts';
import type { NormalisedEvent } from '../append-input.ts';

/**
 * How our envelope travels in a KurrentDB record. The record's id is the event id, its schema name
 * the event type, its data the exact JSON text of `data`. Record properties (string → string,
 * what `appendRecords` carries) hold the rest:
 * - `cchc.metadata`: the exact JSON text of our metadata (actor, unit, causation and correlation
 *   ids, source, and a backfill's knownAt and reason), kept verbatim because the hash chain
 *   covers that text;
 * - `cchc.occurredAt`, `cchc.schemaVersion`;
 * - `$correlationId`, `$causationId`: the server's own conventions, for its projections and UI.
 * `recordedAt` is the server's clock (`created`), never a client's. A record without
 * `cchc.metadata` was not written by this adapter and is not part of the ledger.
 */
export const PROPERTY = {
  metadata: 'cchc.metadata',
  occurredAt: 'cchc.occurredAt',
  schemaVersion: 'cchc.schemaVersion',
  /** Only on events copied from another store (`cchc store copy`): the recordedAt they had there. */
  copiedRecordedAt: 'cchc.recordedAt',
} as const;

export function recordProperties(e: NormalisedEvent, copiedRecordedAt?: string): Record<string, string> {
  const properties: Record<string, string> = {
    [PROPERTY.metadata]: e.metadataJson,
    [PROPERTY.occurredAt]: e.occurredAt,
    [PROPERTY.schemaVersion]: String(e.schemaVersion),
  };
  if (copiedRecordedAt) properties[PROPERTY.copiedRecordedAt] = copiedRecordedAt;
  if (e.metadata.correlationId) properties.$correlationId = e.metadata.correlationId;
  if (e.metadata.causationId) properties.$causationId = e.metadata.causationId;
  return properties;
}

/** What a record read back from `$all` says, before the mirror numbers and chains it. */
export interface DecodedRecord {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly createdAt: string;
  readonly metadataJson: string;
  readonly dataJson: string;
  readonly commitPosition: bigint;
}

/** The shape of an event as the client hands it over (a JSON record). */
export interface ClientRecord {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly created: Date;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint } | undefined;
}

/** The record as our envelope, or undefined for a record that is not ours (or outside the namespace prefix). */
export function decodeRecord(record: ClientRecord, prefix = ''): DecodedRecord | undefined {
  const properties = record.metadata;
  if (!record.isJson || properties === null || typeof properties !== 'object') return undefined;
  if (!record.streamId.startsWith(prefix)) return undefined;
  const p = properties as Record<string, unknown>;
  const metadataJson = p[PROPERTY.metadata];
  const occurredAt = p[PROPERTY.occurredAt];
  const schemaVersion = Number(p[PROPERTY.schemaVersion]);
  if (typeof metadataJson !== 'string' || typeof occurredAt !== 'string' || !Number.isInteger(schemaVersion))
    return undefined;
  return {
    eventId: record.id.toLowerCase(),
    streamId: record.streamId.slice(prefix.length),
    streamRevision: Number(record.revision),
    type: record.type,
    schemaVersion,
    occurredAt,
    // The server's clock, or for a copied event the recordedAt of the store it was copied from.
    createdAt:
      typeof p[PROPERTY.copiedRecordedAt] === 'string'
        ? (p[PROPERTY.copiedRecordedAt] as string)
        : record.created.toISOString(),
    metadataJson,
    // The client parsed the data; our data JSON is JSON.stringify output, which a parse and a
    // stringify give back character for character.
    dataJson: JSON.stringify(record.data),
    commitPosition: record.position?.commit ?? 0n,
  };
}

export function parseMetadata(json: string): EventMetadata {
  return JSON.parse(json) as EventMetadata;
}
