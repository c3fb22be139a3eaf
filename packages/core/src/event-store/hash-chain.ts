import { hash } from 'node:crypto';
import type { RecordedEvent } from '../events/envelope.ts';
import { canonicalContent, FIELD_SEPARATOR, type HashedContent } from './canonical-content.ts';

/** prevHash of the first event in the log. */
export const GENESIS_HASH = '0'.repeat(64);

export { canonicalContent, FIELD_SEPARATOR, type HashedContent } from './canonical-content.ts';

/** `sha256(prevHash + "\n" + canonicalContent)`, hex. */
export function chainHash(prevHash: string, content: string): string {
  return hash('sha256', `${prevHash}\n${content}`, 'hex');
}

/** True when a stored value could not have been written by the store (it would make content ambiguous). */
export function hasSeparator(value: string): boolean {
  return value.includes(FIELD_SEPARATOR) || value.includes('\x1e');
}

/**
 * The hashed fields of a recorded event, with data and metadata as the store writes them
 * (`JSON.stringify`): what the chain hash is computed over.
 */
export function hashedContentOf(e: RecordedEvent): HashedContent {
  return {
    eventId: e.eventId,
    streamId: e.streamId,
    streamRevision: e.streamRevision,
    globalPosition: e.globalPosition,
    type: e.type,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    metadataJson: JSON.stringify(e.metadata),
    dataJson: JSON.stringify(e.data),
  };
}

/** An event as the store hashed it: the hashed fields with its stored texts, and both hashes. */
export type HashedEvent = HashedContent & { readonly prevHash: string; readonly hash: string };

/**
 * The event as the store hashed it, for someone to recompute its hash (a pack, the public page).
 * The store writes `JSON.stringify` of data and metadata, so those are its stored texts exactly
 * when they hash to the stored hash; undefined when they do not (run `cchc verify`).
 */
export function asHashed(e: RecordedEvent): HashedEvent | undefined {
  const content = hashedContentOf(e);
  if (chainHash(e.prevHash, canonicalContent(content)) !== e.hash) return undefined;
  return { ...content, prevHash: e.prevHash, hash: e.hash };
}
