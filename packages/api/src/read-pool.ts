import type { DuckDb } from '@cchc/core';

/**
 * A few connections to the store's database, lent one request at a time. DuckDB runs queries of
 * different connections of one instance side by side, so a request waits only for a connection of
 * its own lane, never for another lane's queries.
 */
export class ConnectionPool {
  private readonly idle: DuckDb[] = [];
  private readonly all: DuckDb[] = [];
  private readonly waiting: ((db: DuckDb) => void)[] = [];
  private opening = 0;
  private closed = false;

  constructor(
    private readonly open: () => Promise<DuckDb>,
    readonly size: number,
  ) {}

  async use<T>(work: (db: DuckDb) => Promise<T>): Promise<T> {
    const db = await this.acquire();
    try {
      return await work(db);
    } finally {
      this.release(db);
    }
  }

  private async acquire(): Promise<DuckDb> {
    if (this.closed) throw new TypeError('connection pool closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.length + this.opening < this.size) {
      this.opening++;
      try {
        const db = await this.open();
        this.all.push(db);
        return db;
      } finally {
        this.opening--;
      }
    }
    return new Promise<DuckDb>((resolve) => this.waiting.push(resolve));
  }

  private release(db: DuckDb): void {
    const next = this.waiting.shift();
    if (next) next(db);
    else this.idle.push(db);
  }

  /** Closes every connection; call once no request holds one. */
  close(): void {
    this.closed = true;
    for (const db of this.all.splice(0)) db.close();
    this.idle.length = 0;
  }
}
