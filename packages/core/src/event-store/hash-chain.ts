import { hash } from 'node:crypto';

/** prevHash of the first event in the log. */
export const GENESIS_HASH = '0'.repeat(64);

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

/** `sha256(prevHash + "\n" + canonicalContent)`, hex. */
export function chainHash(prevHash: string, content: string): string {
  return hash('sha256', `${prevHash}\n${content}`, 'hex');
}

/** True when a stored value could not have been written by the store (it would make content ambiguous). */
export function hasSeparator(value: string): boolean {
  return value.includes(FIELD_SEPARATOR) || value.includes('\x1e');
}
