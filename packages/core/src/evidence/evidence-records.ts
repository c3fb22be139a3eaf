import { evidenceStreamId } from '../application/stream-ids.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { DomainEventData } from '../events/domain/domain-event.ts';
import { evidenceFileAddedEvent } from '../events/domain/evidence-events.ts';
import type { EvidenceFiles } from './evidence-files.ts';

export type EvidenceRecord = DomainEventData<'EvidenceFileAdded'> & {
  readonly eventId: string;
  readonly globalPosition: number;
  readonly recordedAt: string;
};

/** The EvidenceFileAdded of a file, when it was recorded. */
export async function recordedEvidence(store: EventStore, sha256: string): Promise<EvidenceRecord | undefined> {
  const [first] = await store.readStream(evidenceStreamId(sha256));
  if (!first) return undefined;
  const data = evidenceFileAddedEvent.shape.data.parse(first.data);
  return { ...data, eventId: first.eventId, globalPosition: first.globalPosition, recordedAt: first.recordedAt };
}

export interface EvidenceProblem {
  readonly sha256: string;
  /** The recorded name, when the file was recorded. */
  readonly fileName?: string;
  readonly path: string;
  /** `missing`: no file; `altered`: its bytes no longer hash to its name (or size); `unrecorded`: cited, never added. */
  readonly problem: 'missing' | 'altered' | 'unrecorded';
  /** Positions of the events that record or cite it. */
  readonly positions: readonly number[];
}

export interface EvidenceVerification {
  readonly ok: boolean;
  /** Distinct files recorded or cited. */
  readonly checked: number;
  readonly problems: readonly EvidenceProblem[];
}

const PAGE = 10_000;

/**
 * Checks every evidence file the log records (EvidenceFileAdded) or cites (`evidenceFiles` of
 * progress, submissions, completions) against the bytes on disk: each must be there and hash
 * to its name, with its recorded size.
 */
export async function verifyEvidenceFiles(store: EventStore, files: EvidenceFiles): Promise<EvidenceVerification> {
  const recorded = new Map<string, { fileName: string; size: number }>();
  const positions = new Map<string, number[]>();
  const cite = (sha256: string, position: number) =>
    positions.set(sha256, [...(positions.get(sha256) ?? []), position]);
  for (let from = 1; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE });
    for (const e of page) {
      if (e.type === 'EvidenceFileAdded') {
        const data = evidenceFileAddedEvent.shape.data.safeParse(e.data);
        if (data.success && !recorded.has(data.data.sha256))
          recorded.set(data.data.sha256, { fileName: data.data.fileName, size: data.data.size });
        if (data.success) cite(data.data.sha256, e.globalPosition);
        continue;
      }
      const cited = (e.data as { evidenceFiles?: unknown }).evidenceFiles;
      if (Array.isArray(cited)) for (const h of cited) if (typeof h === 'string') cite(h, e.globalPosition);
    }
    if (page.length < PAGE) break;
    from = (page.at(-1)?.globalPosition ?? from) + 1;
  }
  const problems: EvidenceProblem[] = [];
  for (const [sha256, at] of [...positions].sort((a, b) => (a[1][0] ?? 0) - (b[1][0] ?? 0))) {
    const record = recorded.get(sha256);
    const path = /^[0-9a-f]{64}$/u.test(sha256) ? files.pathOf(sha256) : sha256;
    const base = { sha256, ...(record ? { fileName: record.fileName } : {}), path, positions: at };
    if (!record) {
      problems.push({ ...base, problem: 'unrecorded' });
      continue;
    }
    const check = files.check(sha256, record.size);
    if (check.state !== 'ok') problems.push({ ...base, problem: check.state });
  }
  return { ok: problems.length === 0, checked: positions.size, problems };
}
