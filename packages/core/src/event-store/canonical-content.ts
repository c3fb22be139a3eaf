/**
 * An event's canonical content, without any hashing: browser-safe (no node: imports), so the
 * offline evidence-pack verifier hashes exactly what the store hashes (hash-chain.ts re-exports it).
 */

/** Separates the fields of an event's canonical content (ASCII unit separator, U+001F). */
export const FIELD_SEPARATOR = '\x1f';

/** The fields an event's hash covers; `dataJson`/`metadataJson` are the exact stored texts. */
export interface HashedContent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly metadataJson: string;
  readonly dataJson: string;
}

/**
 * An event's canonical content: its fields in a fixed order joined by U+001F. Unambiguous because
 * no field may contain the separator (JSON.stringify escapes every control character; ids, types
 * and instants are validated). The writer also sends this very string to DuckDB, so it is built
 * once per event.
 */
export function canonicalContent(c: HashedContent): string {
  const F = FIELD_SEPARATOR;
  return (
    c.eventId +
    F +
    c.streamId +
    F +
    c.streamRevision +
    F +
    c.globalPosition +
    F +
    c.type +
    F +
    c.schemaVersion +
    F +
    c.occurredAt +
    F +
    c.recordedAt +
    F +
    c.metadataJson +
    F +
    c.dataJson
  );
}
