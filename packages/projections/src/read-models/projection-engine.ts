import {
  type DuckDb,
  type EventStore,
  embeddedDatabase,
  type LedgerStore,
  type Subscription,
  shippedCriteriaSets,
} from '@cchc/core';
import { loadCriteriaSet } from '../department-index/criteria-tables.ts';
import { DEFAULT_RULEBOOKS } from '../rulebook/rulebook.ts';
import { loadRulebook } from '../rulebook/rulebook-tables.ts';
import { SQL_IN_INSTALL_ORDER } from '../sql/install-order.ts';
import { FACT_TABLES, FILL_BATCH } from './fact-tables.ts';
import { READ_MODEL_VIEWS } from './views.ts';

/** Bump when a fact table's definition changes: stored read models are then rebuilt. */
export const READ_MODEL_VERSION = 7;
const CHECKPOINT = 'read-models';

export type ProjectionProgress = (position: number, head: number) => void;

/**
 * Follows the log into the read models. Each range of positions is projected set-based (one
 * INSERT … SELECT per fact table) and its checkpoint moved in the same transaction, so a crash
 * leaves either both or neither: resuming never counts anything twice.
 */
export class ProjectionEngine {
  private constructor(private readonly db: DuckDb) {}

  /** Prepares tables, macros and the shipped default rulebooks on a connection of the store's database. */
  static async open(store: LedgerStore): Promise<ProjectionEngine> {
    const db = await embeddedDatabase(store).connect();
    const engine = new ProjectionEngine(db);
    try {
      await engine.prepare();
      return engine;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get database(): DuckDb {
    return this.db;
  }

  private async prepare(): Promise<void> {
    await this.db.run(
      `CREATE TABLE IF NOT EXISTS projection_checkpoints (name VARCHAR PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL)`,
    );
    const stored = await this.db.rows<{ version: number }>(
      `SELECT version FROM projection_checkpoints WHERE name = $1`,
      [CHECKPOINT],
    );
    if (!stored[0] || stored[0].version !== READ_MODEL_VERSION) {
      // Read models of another definition, or tables no checkpoint vouches for (a checkpoint row
      // removed by hand): start again from position 0, both or neither.
      await this.db.transaction(async () => {
        await this.dropFacts();
        await this.db.run(`DELETE FROM projection_checkpoints WHERE name = $1`, [CHECKPOINT]);
      });
    }
    for (const table of FACT_TABLES) await this.db.run(table.ddl);
    await this.db.run(`INSERT INTO projection_checkpoints VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, [
      CHECKPOINT,
      READ_MODEL_VERSION,
    ]);
    for (const ddl of [...SQL_IN_INSTALL_ORDER, ...READ_MODEL_VIEWS]) await this.db.run(ddl);
    for (const rulebook of DEFAULT_RULEBOOKS) await loadRulebook(this.db, rulebook);
    for (const set of shippedCriteriaSets().values()) await loadCriteriaSet(this.db, set);
  }

  async checkpoint(): Promise<number> {
    return (
      (await this.db.value<number>(`SELECT position FROM projection_checkpoints WHERE name = $1`, [CHECKPOINT])) ?? 0
    );
  }

  /** Projects everything after the checkpoint up to `head`, in ranges of `chunk` positions. */
  async catchUp(head: number, onProgress?: ProjectionProgress, chunk = 500_000): Promise<{ from: number; to: number }> {
    const start = await this.checkpoint();
    let position = start;
    while (position < head) {
      const to = Math.min(head, position + chunk);
      await this.project(position + 1, to);
      position = to;
      onProgress?.(position, head);
    }
    return { from: start + 1, to: position };
  }

  /**
   * Drops every read model and projects the whole log again, in one transaction: a crash at any
   * moment leaves the read models as they were before, never empty tables behind a full checkpoint.
   */
  async rebuild(head: number, onProgress?: ProjectionProgress, chunk = 500_000): Promise<void> {
    await this.db.transaction(async () => {
      await this.dropFacts();
      for (const table of FACT_TABLES) await this.db.run(table.ddl);
      await this.db.run(`INSERT OR REPLACE INTO projection_checkpoints VALUES ($1, 0, $2)`, [
        CHECKPOINT,
        READ_MODEL_VERSION,
      ]);
      for (let position = 0; position < head; ) {
        const to = Math.min(head, position + chunk);
        await this.fill(to);
        position = to;
        onProgress?.(position, head);
      }
    });
  }

  /** Live: projects each batch the store commits, from the checkpoint on. */
  follow(store: EventStore, onProjected?: (position: number) => void): Promise<Subscription> {
    return this.checkpoint().then((checkpoint) =>
      store.subscribeToAll(
        async (events) => {
          const first = events[0]!.globalPosition;
          const last = events[events.length - 1]!.globalPosition;
          await this.project(first, last);
          onProjected?.(last);
        },
        { fromPosition: checkpoint + 1, batchSize: 10_000 },
      ),
    );
  }

  private async project(_from: number, to: number): Promise<void> {
    await this.db.transaction(() => this.fill(to));
  }

  /** Inside a transaction: projects from the checkpoint up to `to` and moves the checkpoint there. */
  private async fill(to: number): Promise<void> {
    const current = await this.checkpoint();
    // Whatever is already projected is skipped, never doubled; anything missing before `from` is included.
    if (current >= to) return;
    await this.db.run(FILL_BATCH, [current + 1, to]);
    for (const table of FACT_TABLES) await this.db.run(table.fill, table.range ? [current + 1, to] : []);
    await this.db.run(`DROP TABLE rm_batch`);
    await this.db.run(`UPDATE projection_checkpoints SET position = $2 WHERE name = $1`, [CHECKPOINT, to]);
  }

  private async dropFacts(): Promise<void> {
    for (const table of FACT_TABLES) await this.db.run(`DROP TABLE IF EXISTS ${table.name}`);
  }

  close(): void {
    this.db.close();
  }
}
