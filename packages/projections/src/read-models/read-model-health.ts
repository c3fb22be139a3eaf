import type { DuckDb } from '@cchc/core';
import { FACT_TABLES } from './fact-tables.ts';
import { READ_MODEL_VERSION } from './projection-engine.ts';

/** Fact tables that may hold no row for an event of their types (a list in the payload may be empty). */
const MAY_SKIP_EVENTS = new Set(['rm_report_schedule', 'rm_indicator_defs', 'rm_task_units']);

export interface ReadModelHealth {
  /** The read models hold what their checkpoint says: readiness may be claimed. */
  readonly ok: boolean;
  readonly checkpoint: number;
  readonly version: number | null;
  /** What is wrong, in both languages. */
  readonly problems: readonly { readonly vi: string; readonly en: string }[];
}

/**
 * Checks that the read models are what their checkpoint claims: the checkpoint row of the current
 * definition, every fact table present, no row beyond the checkpoint, and each table's last row at
 * the last event of its types up to the checkpoint (empty tables behind a full checkpoint fail
 * here). Two queries over the log's types and one per table: cheap enough for /ready.
 */
export async function readModelHealth(db: DuckDb): Promise<ReadModelHealth> {
  const problems: { vi: string; en: string }[] = [];
  const [row] = await db
    .rows<{ position: number; version: number }>(
      `SELECT position, version FROM projection_checkpoints WHERE name = 'read-models'`,
    )
    .catch(() => []);
  if (!row) {
    return {
      ok: false,
      checkpoint: 0,
      version: null,
      problems: [{ vi: 'chưa có điểm kiểm của mô hình đọc', en: 'no read-model checkpoint' }],
    };
  }
  if (row.version !== READ_MODEL_VERSION) {
    problems.push({
      vi: `mô hình đọc phiên bản ${row.version}, cần ${READ_MODEL_VERSION}`,
      en: `read models of version ${row.version}, ${READ_MODEL_VERSION} expected`,
    });
  }
  const tables = new Set(
    (await db.rows<{ table_name: string }>(`SELECT table_name FROM duckdb_tables() WHERE NOT temporary`)).map(
      (t) => t.table_name,
    ),
  );
  const lastOfType = new Map(
    (
      await db.rows<{ type: string; last: number }>(
        `SELECT type, max(global_position) AS last FROM events WHERE global_position <= $1::BIGINT GROUP BY type`,
        [row.position],
      )
    ).map((r) => [r.type, r.last]),
  );
  for (const table of FACT_TABLES) {
    if (!tables.has(table.name)) {
      problems.push({ vi: `thiếu bảng ${table.name}`, en: `table ${table.name} is missing` });
      continue;
    }
    const last = (await db.value<number | null>(`SELECT max(position) FROM ${table.name}`)) ?? 0;
    const expected = Math.max(0, ...table.types.map((t) => lastOfType.get(t) ?? 0));
    if (last > row.position || (!MAY_SKIP_EVENTS.has(table.name) && last !== expected)) {
      problems.push({
        vi: `bảng ${table.name} dừng ở vị trí ${last}, điểm kiểm ${row.position} cần ${expected}`,
        en: `table ${table.name} ends at position ${last}; checkpoint ${row.position} needs ${expected}`,
      });
    }
  }
  return { ok: problems.length === 0, checkpoint: row.position, version: row.version, problems };
}
