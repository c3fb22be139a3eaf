import { hash } from 'node:crypto';

/** prevHash of the first event in the log. */
export const GENESIS_HASH = '0'.repeat(64);

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
 * `sha256(prevHash + "\n" + content)` where content is a JSON array of the fields in a fixed order,
 * with data and metadata embedded as their stored text. A JSON array is unambiguous: no field can
 * run into the next one, whatever it contains.
 */
export function chainHash(prevHash: string, c: HashedContent): string {
  const content =
    `[1,${JSON.stringify(c.eventId)},${JSON.stringify(c.streamId)},${c.streamRevision},${c.globalPosition},` +
    `${JSON.stringify(c.type)},${c.schemaVersion},"${c.occurredAt}","${c.recordedAt}",${c.metadataJson},${c.dataJson}]`;
  return hash('sha256', `${prevHash}\n${content}`, 'hex');
}
