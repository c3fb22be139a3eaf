import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';

const checkpointSchema = z.object({ topic: z.string(), position: z.number().int().min(0), updatedAt: z.string() });

/**
 * The outbound feed's checkpoint: the global position of the last event the broker acknowledged,
 * in a small JSON file (one per topic) beside the store. Written to a temporary file, fsynced and
 * renamed, so a crash leaves the old or the new checkpoint, never half of one.
 */
export class PublishCheckpoint {
  constructor(
    readonly path: string,
    private readonly topic: string,
  ) {}

  /** 0 when nothing was published yet. */
  read(): number {
    if (!existsSync(this.path)) return 0;
    const stored = checkpointSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (stored.topic !== this.topic) {
      throw new Error(`checkpoint ${this.path} belongs to topic ${stored.topic}, not ${this.topic}`);
    }
    return stored.position;
  }

  write(position: number): void {
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, `${JSON.stringify({ topic: this.topic, position, updatedAt: new Date().toISOString() })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }
}

/** `<data>/kafka-publish-<topic>.json` */
export function checkpointFileName(topic: string): string {
  return `kafka-publish-${topic.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}
