import { chainHash } from '../hash-chain.ts';

/** An event ready to be written: positioned, timestamped, serialized, hashed. */
export interface PreparedRow {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly taskId: string | undefined;
  readonly unitId: string | undefined;
  readonly actor: string;
  readonly source: string;
  readonly metadataJson: string;
  readonly dataJson: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedRow = Omit<PreparedRow, 'prevHash' | 'hash'>;

export function hashRow(row: UnhashedRow, prevHash: string): PreparedRow {
  return { ...row, prevHash, hash: chainHash(prevHash, row) };
}

const FIELD = '\x1f';
const ROW = '\x1e';

/**
 * Packs rows into one string for a single bound parameter (see INSERT_PACKED_ROWS): one native
 * crossing per batch instead of one per value. Safe because no field can contain the separators:
 * JSON.stringify escapes every control character, and ids, types and instants are validated.
 */
export function packRows(rows: readonly PreparedRow[]): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    parts[i] =
      r.globalPosition + FIELD + r.eventId + FIELD + r.streamId + FIELD + r.streamRevision + FIELD + r.type + FIELD +
      r.schemaVersion + FIELD + r.occurredAt + FIELD + r.recordedAt + FIELD + (r.taskId ?? '') + FIELD + (r.unitId ?? '') +
      FIELD + r.actor + FIELD + r.source + FIELD + r.metadataJson + FIELD + r.dataJson + FIELD + r.prevHash + FIELD + r.hash;
  }
  return parts.join(ROW);
}
