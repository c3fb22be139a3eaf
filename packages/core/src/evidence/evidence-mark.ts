import { upcast } from '../events/domain/upcasters.ts';
import type { RecordedEvent } from '../events/envelope.ts';

/** What an event cites as evidence, split by whether an inspector can check it. */
export interface EvidenceMark {
  /** Stored files by SHA-256: `cchc verify` checks each against its bytes. */
  readonly files: readonly string[];
  /** Free text (`evidenceRefs`, and v1's `evidence` once upcast): a name of a document, not a file; unverifiable. */
  readonly unverifiable: readonly string[];
}

const CITING = new Set(['ProgressReported', 'ProductSubmitted', 'TaskCompleted']);

/** The read side's evidence mark of an event; undefined when it cites none. */
export function evidenceMarkOf(event: RecordedEvent): EvidenceMark | undefined {
  if (!CITING.has(event.type)) return undefined;
  const data = upcast(event).data as { evidenceFiles?: unknown; evidenceRefs?: unknown };
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const files = strings(data.evidenceFiles);
  const unverifiable = strings(data.evidenceRefs);
  return files.length + unverifiable.length === 0 ? undefined : { files, unverifiable };
}
