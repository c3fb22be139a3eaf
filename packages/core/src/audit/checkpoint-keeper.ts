import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerStore } from '../event-store/capabilities.ts';
import {
  type Checkpoint,
  checkpointKeyOf,
  checkpointSchema,
  checkpointSignatureHolds,
  takeCheckpoint,
} from './checkpoints.ts';

/** A checkpoint kept under `<data>/checkpoints/`, with its file name there. */
export interface KeptCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly file: string;
}

export const checkpointDirOf = (dataDir: string): string => join(dataDir, 'checkpoints');

const fileNameOf = (c: Checkpoint) => `checkpoint-${c.treeSize}-${c.takenAt.replace(/[:.]/g, '-')}.json`;

/**
 * The data directory's kept checkpoints (issue 16): taken on demand (`cchc checkpoint`), with every
 * RankingPublished and on a schedule while serving. They are files beside the signing key, not
 * events: a checkpoint signs the log, so as an event it would change the very log it signs (and a
 * scheduled "only when the log grew" would then always find it grown), and its worth is in copies
 * kept outside the system anyway. A publication finds its checkpoint by position: the smallest
 * kept tree that holds it (`covering`).
 *
 * Files are read once each (they are never changed); one whose signature does not hold with the
 * key it names is not listed.
 */
export class CheckpointKeeper {
  private readonly parsed = new Map<string, Checkpoint | null>();

  constructor(
    readonly dataDir: string,
    private readonly store: LedgerStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every valid kept checkpoint, by tree size then time taken. */
  list(): KeptCheckpoint[] {
    const dir = checkpointDirOf(this.dataDir);
    if (!existsSync(dir)) return [];
    const kept: KeptCheckpoint[] = [];
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      let checkpoint = this.parsed.get(file);
      if (checkpoint === undefined) {
        checkpoint = readKept(join(dir, file));
        this.parsed.set(file, checkpoint);
      }
      if (checkpoint) kept.push({ checkpoint, file });
    }
    return kept.sort(
      (a, b) =>
        a.checkpoint.treeSize - b.checkpoint.treeSize ||
        Date.parse(a.checkpoint.takenAt) - Date.parse(b.checkpoint.takenAt),
    );
  }

  /** The checkpoint of the largest tree (the latest taken among equals). */
  latest(): KeptCheckpoint | undefined {
    return this.list().at(-1);
  }

  /** The first kept checkpoint whose tree holds the event at `position`. */
  covering(position: number): KeptCheckpoint | undefined {
    return this.list().find((k) => k.checkpoint.treeSize >= position);
  }

  /** Signs the log as it is now with the current key, and keeps it. */
  async take(): Promise<KeptCheckpoint> {
    const checkpoint = await takeCheckpoint(this.store, checkpointKeyOf(this.dataDir).privateKey, this.clock());
    const dir = checkpointDirOf(this.dataDir);
    mkdirSync(dir, { recursive: true });
    const file = fileNameOf(checkpoint);
    // Whole or not at all: a process killed mid-write leaves a .tmp file, never a torn .json. Two
    // checkpoints of one tree in one millisecond are the same bytes (Ed25519 is deterministic).
    const temporary = join(dir, `${file}.${randomUUID()}.tmp`);
    writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
    renameSync(temporary, join(dir, file));
    this.parsed.set(file, checkpoint);
    return { checkpoint, file };
  }

  /** A kept checkpoint holding `position` (the event just appended): the one there is, or a new one. */
  async ensureCovering(position: number): Promise<KeptCheckpoint & { readonly taken: boolean }> {
    const found = this.covering(position);
    if (found) return { ...found, taken: false };
    const taken = await this.take();
    if (taken.checkpoint.treeSize < position)
      throw new Error(`the log head ${taken.checkpoint.treeSize} is before position ${position}`);
    return { ...taken, taken: true };
  }

  /** A new checkpoint when the log grew past the latest kept one; none otherwise. */
  async takeIfGrown(): Promise<KeptCheckpoint | undefined> {
    const head = await this.store.headPosition();
    if (head === 0 || (this.latest()?.checkpoint.treeSize ?? 0) >= head) return undefined;
    return this.take();
  }
}

function readKept(path: string): Checkpoint | null {
  try {
    const checkpoint = checkpointSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return checkpointSignatureHolds(checkpoint) ? checkpoint : null;
  } catch {
    return null;
  }
}

/**
 * Takes a checkpoint every `everyMs` while the log grew (`takeIfGrown`), off the request path:
 * one tick at a time, the timer never keeps the process alive, and `stop` waits for a tick in
 * progress. A failed tick is reported and the schedule goes on.
 */
export function scheduleCheckpoints(
  keeper: CheckpointKeeper,
  everyMs: number,
  hooks: { onTaken?: (kept: KeptCheckpoint) => void; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } {
  if (!Number.isFinite(everyMs) || everyMs < 1) throw new RangeError(`checkpoint interval ${everyMs} ms`);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const kept = await keeper.takeIfGrown();
      if (kept) hooks.onTaken?.(kept);
    } catch (error) {
      hooks.onError?.(error);
    }
  };
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(arm);
    }, everyMs);
    timer.unref();
  };
  arm();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
