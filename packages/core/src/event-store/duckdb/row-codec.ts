import { canonicalContent, chainHash, FIELD_SEPARATOR as F, type HashedContent } from '../hash-chain.ts';

/** What the writer knows of an event before hashing it. */
export interface UnhashedRow extends HashedContent {
  readonly taskId: string | undefined;
  readonly unitId: string | undefined;
  readonly actor: string;
  readonly source: string;
  /** metadata.knownAt, kept in a column too for "as known at" filters (the hash covers the metadata). */
  readonly knownAt: string | undefined;
}

/**
 * An event ready to be written: its hash, and the packed line sent to DuckDB, which starts with
 * the canonical content the hash covers (see INSERT_PACKED_ROWS for the column order).
 */
export interface PreparedRow {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly hash: string;
  readonly packed: string;
}

export function prepareRow(row: UnhashedRow, prevHash: string): PreparedRow {
  const content = canonicalContent(row);
  const hash = chainHash(prevHash, content);
  return {
    eventId: row.eventId,
    recordedAt: row.recordedAt,
    hash,
    packed:
      content +
      F +
      (row.taskId ?? '') +
      F +
      (row.unitId ?? '') +
      F +
      row.actor +
      F +
      row.source +
      F +
      (row.knownAt ?? '') +
      F +
      prevHash +
      F +
      hash,
  };
}

/** One string for a single bound parameter: one native crossing per batch instead of one per value. */
export function packRows(rows: readonly PreparedRow[]): string {
  let out = '';
  for (let i = 0; i < rows.length; i++) out += (i === 0 ? '' : '\x1e') + rows[i]!.packed;
  return out;
}
