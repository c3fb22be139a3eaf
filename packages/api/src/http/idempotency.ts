import type { DuckDb } from '@cchc/core';

export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: string;
}

/**
 * The first successful response to each (API key, Idempotency-Key), kept in the store's database so
 * a retry after a restart still gets it. The events themselves need no table: their ids derive from
 * the key (runCommand makes the command id a UUID v5 of key id and Idempotency-Key, and eventIdFor
 * the event ids from it), so even a response lost before it was stored is answered by replay.
 */
export class IdempotencyStore {
  /** Requests in progress per (key id, Idempotency-Key): a second one waits for the first. */
  private readonly inFlight = new Map<string, Promise<void>>();

  private constructor(private readonly db: DuckDb) {}

  /**
   * Runs `work` alone for this (key id, Idempotency-Key): identical requests sent at once are
   * answered one after the other, so the later ones find the first response and replay it.
   */
  async exclusive<T>(keyId: string, idempotencyKey: string, work: () => Promise<T>): Promise<T> {
    const slot = `${keyId}\n${idempotencyKey}`;
    for (let running = this.inFlight.get(slot); running; running = this.inFlight.get(slot)) await running;
    let release!: () => void;
    this.inFlight.set(slot, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await work();
    } finally {
      this.inFlight.delete(slot);
      release();
    }
  }

  static async open(db: DuckDb): Promise<IdempotencyStore> {
    await db.run(`CREATE TABLE IF NOT EXISTS api_idempotency (
      key_id VARCHAR NOT NULL, idempotency_key VARCHAR NOT NULL, request_hash VARCHAR NOT NULL,
      status INTEGER NOT NULL, body VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (key_id, idempotency_key))`);
    return new IdempotencyStore(db);
  }

  async find(keyId: string, idempotencyKey: string): Promise<StoredResponse | undefined> {
    const [row] = await this.db.rows<{ request_hash: string; status: number; body: string }>(
      `SELECT request_hash, status, body FROM api_idempotency WHERE key_id = $1 AND idempotency_key = $2`,
      [keyId, idempotencyKey],
    );
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : undefined;
  }

  async remember(keyId: string, idempotencyKey: string, response: StoredResponse): Promise<void> {
    await this.db.run(
      `INSERT INTO api_idempotency (key_id, idempotency_key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [keyId, idempotencyKey, response.requestHash, response.status, response.body],
    );
  }

  close(): void {
    this.db.close();
  }
}
