import { hash } from 'node:crypto';
import { FIELD_SEPARATOR } from './canonical-content.ts';

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
