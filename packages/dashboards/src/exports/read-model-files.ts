import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDb, SqlParam } from '@cchc/core';
import { ensureRulebook, FACT_TABLES, type Rulebook } from '@cchc/projections';

export type ExportFormat = 'csv' | 'parquet';

/** What a read model's query is bound to, in the order of its `$1`, `$2`, `$3`. */
type Bound = 'asOf' | 'position' | 'rulebook';

interface ReadModelQuery {
  readonly name: string;
  readonly sql: string;
  readonly params: readonly Bound[];
}

const AT = ['asOf', 'position', 'rulebook'] as const;
const AS_OF_MODELS: readonly ReadModelQuery[] = [
  { name: 'ranking', sql: `SELECT * FROM cchc_ranking($1::TIMESTAMPTZ, $2::BIGINT, $3)`, params: AT },
  { name: 'assignment_status', sql: `SELECT * FROM cchc_assignments($1::TIMESTAMPTZ, $2::BIGINT, $3)`, params: AT },
  { name: 'progress_by_area', sql: `SELECT * FROM cchc_progress_by_area($1::TIMESTAMPTZ, $2::BIGINT, $3)`, params: AT },
  { name: 'report_timeliness', sql: `SELECT * FROM cchc_report_items($1::TIMESTAMPTZ, $2::BIGINT, $3)`, params: AT },
  {
    name: 'indicators_vs_targets',
    sql: `SELECT * FROM cchc_indicators($1::TIMESTAMPTZ, $2::BIGINT)`,
    params: ['asOf', 'position'],
  },
  {
    name: 'task_history',
    sql: `SELECT * FROM task_history WHERE coalesce(known_at, recorded_at) <= $1::TIMESTAMPTZ AND position <= $2::BIGINT ORDER BY position`,
    params: ['asOf', 'position'],
  },
  { name: 'unit_lineage', sql: `SELECT * FROM unit_lineage`, params: [] },
  {
    name: 'back_dated_events',
    sql: `SELECT * FROM cchc_back_dated(7) WHERE position <= $1::BIGINT ORDER BY position`,
    params: ['position'],
  },
];

/**
 * Every read model, by name: the analyses computed as of the instant (ranking, assignment status,
 * progress, report timeliness, indicators), the decoded task history and lineage, and every fact
 * table up to the log position.
 */
export const READ_MODEL_EXPORTS: readonly ReadModelQuery[] = [
  ...AS_OF_MODELS,
  ...FACT_TABLES.map((t) => ({
    name: t.name,
    sql: `SELECT * FROM ${t.name} WHERE position <= $1::BIGINT ORDER BY position`,
    params: ['position'] as const,
  })),
];

/** A path as a SQL string literal: COPY takes no bound parameter for its target. */
const sqlPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

/**
 * Writes read models into `dir`, one `<name>.csv` or `<name>.parquet` each, with DuckDB's COPY: the
 * query runs once with bound parameters into a temporary table, which COPY writes out. Returns the
 * files written with their row counts.
 */
export async function exportReadModels(
  db: DuckDb,
  options: {
    dir: string;
    format: ExportFormat;
    asOf: string;
    position: number;
    rulebook: Rulebook;
    only?: readonly string[];
  },
): Promise<{ name: string; file: string; rows: number }[]> {
  const key = await ensureRulebook(db, options.rulebook);
  const wanted = options.only ? READ_MODEL_EXPORTS.filter((m) => options.only!.includes(m.name)) : READ_MODEL_EXPORTS;
  mkdirSync(options.dir, { recursive: true });
  const written: { name: string; file: string; rows: number }[] = [];
  for (const model of wanted) {
    const bound: Record<Bound, SqlParam> = { asOf: options.asOf, position: options.position, rulebook: key };
    const file = join(options.dir, `${model.name}.${options.format}`);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE cchc_export AS ${model.sql}`,
      model.params.map((p) => bound[p]),
    );
    try {
      const rows = Number(await db.value<bigint | number>(`SELECT count(*) FROM cchc_export`));
      const format = options.format === 'parquet' ? `(FORMAT parquet)` : `(FORMAT csv, HEADER)`;
      await db.run(`COPY cchc_export TO ${sqlPath(file)} ${format}`);
      written.push({ name: model.name, file, rows });
    } finally {
      await db.run(`DROP TABLE IF EXISTS cchc_export`);
    }
  }
  return written;
}
