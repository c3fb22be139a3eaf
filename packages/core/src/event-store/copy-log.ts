import { StoreWriteError } from '../errors/store-errors.ts';
import { capabilityOf, type LedgerStore } from './capabilities.ts';

export type CopyProgress = (copied: number, total: number) => void;

export interface CopyOutcome {
  /** Events already in the target when the copy started (a resumed copy). */
  readonly resumedAt: number;
  readonly copied: number;
  readonly head: number;
  /** The hash of the head event in the source and in the target: equal when the copy is exact. */
  readonly sourceHeadHash: string;
  readonly targetHeadHash: string;
}

/**
 * Copies a log from one store into another, keeping event ids, streams, revisions, order,
 * positions and recordedAt (the target's `logImport`), so the copy's hash chain is the source's.
 * Resumable: a target that already holds a prefix of the source (an interrupted copy) continues
 * after it; a target holding anything else is refused. Each page is one atomic import.
 */
export async function copyLog(
  from: LedgerStore,
  to: LedgerStore,
  options: { pageSize?: number; onProgress?: CopyProgress } = {},
): Promise<CopyOutcome> {
  const importer = capabilityOf(to, 'logImport');
  const pageSize = Math.max(1, options.pageSize ?? 5_000);
  const total = await from.headPosition();
  const resumedAt = await to.headPosition();
  if (resumedAt > total) throw diverged(resumedAt, 'the target holds more events than the source');
  if (resumedAt > 0) {
    const [mine] = await to.readAll({ fromPosition: resumedAt, limit: 1 });
    const [theirs] = await from.readAll({ fromPosition: resumedAt, limit: 1 });
    if (!mine || !theirs || mine.eventId !== theirs.eventId || mine.hash !== theirs.hash)
      throw diverged(resumedAt, 'the target is not a prefix of the source');
  }
  options.onProgress?.(resumedAt, total);
  let position = resumedAt;
  while (position < total) {
    const page = await from.readAll({ fromPosition: position + 1, limit: Math.min(pageSize, total - position) });
    if (page.length === 0) break;
    await importer.importEvents(page);
    position = page.at(-1)!.globalPosition;
    options.onProgress?.(position, total);
  }
  const [sourceHead] = total > 0 ? await from.readAll({ fromPosition: total, limit: 1 }) : [];
  const [targetHead] = total > 0 ? await to.readAll({ fromPosition: total, limit: 1 }) : [];
  const outcome = {
    resumedAt,
    copied: position - resumedAt,
    head: position,
    sourceHeadHash: sourceHead?.hash ?? '',
    targetHeadHash: targetHead?.hash ?? '',
  };
  if (outcome.sourceHeadHash !== outcome.targetHeadHash) throw diverged(total, 'the head hashes differ');
  return outcome;
}

function diverged(position: number, en: string): StoreWriteError {
  return new StoreWriteError(
    `store copy refused at position ${position}: ${en} / bản sao bị từ chối tại vị trí ${position}`,
  );
}
