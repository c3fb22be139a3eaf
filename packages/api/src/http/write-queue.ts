import type { FastifyRequest } from 'fastify';

/**
 * Writes to one resource decided one after another in this process. The server is the store's only
 * writer (DuckDB's file lock), so concurrent writes to one stream otherwise only race each other:
 * each would decide on the same revision and all but one be re-decided. The queue is a courtesy,
 * not the guarantee: every append still carries its expected revision, and a conflict that gets
 * past it (a command touching several streams) is re-decided by handleCommand.
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** The resource a write acts on: its route group's path and its path parameters (`/v1/tasks` + II.3). */
  static keyOf(request: FastifyRequest): string {
    const group = (request.routeOptions.url ?? request.url).split('/').slice(0, 3).join('/');
    return `${group}\u0000${JSON.stringify(request.params ?? {})}`;
  }
}
