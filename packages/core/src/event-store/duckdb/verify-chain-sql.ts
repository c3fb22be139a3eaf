import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import type { VerifyProgress } from '../chain-verification.ts';
import { GENESIS_HASH } from '../hash-chain.ts';
import { isoSql } from './schema.ts';

/** Whether the lookup columns agree with the payload they were derived from (1 or 0). */
export const DERIVED_COLUMNS_AGREE_SQL = `CASE WHEN task_id IS NOT DISTINCT FROM (data->>'taskId')
                AND unit_id IS NOT DISTINCT FROM coalesce(data->>'unitId', metadata->>'unitId')
                AND actor = (metadata->>'actor') AND source = (metadata->>'source')
                AND known_at IS NOT DISTINCT FROM TRY_CAST(metadata->>'knownAt' AS TIMESTAMPTZ) THEN 1 ELSE 0 END`;

/** canonicalContent (hash-chain.ts) in SQL: the same fields, order and separator. */
const CONTENT_SQL = `concat_ws(chr(31), event_id, stream_id, stream_revision, global_position, type, schema_version,
  ${isoSql('occurred_at')}, ${isoSql('recorded_at')}, metadata, data)`;

const CHUNK = 250_000;

/**
 * The chain checked set-based: DuckDB recomputes every row's hash (its `sha256` is the same
 * SHA-256 over the same UTF-8 text as chainHash) on all its threads, and checks the links, the
 * density of positions and the lookup columns, a range of positions at a time (a range read uses
 * the zone maps of a log written in position order). Returns the head when every check holds, or
 * undefined as soon as one does not: the caller then walks the log row by row to name the first
 * failure exactly as it always has. So this path can only ever say "holds" where the walk would.
 */
export async function chainHoldsInSql(
  db: DuckDb,
  total: number,
  onProgress?: VerifyProgress,
  chunk = CHUNK,
): Promise<{ headPosition: number; headHash: string } | undefined> {
  const bounds = await db.rows<{ least: number | null; most: number | null; distinct: number }>(
    `SELECT min(global_position) AS least, max(global_position) AS most, count(DISTINCT global_position) AS "distinct" FROM events`,
  );
  const { least, most, distinct } = bounds[0]!;
  if (total === 0) return { headPosition: 0, headHash: GENESIS_HASH };
  if (least !== 1 || most !== total || distinct !== total) return undefined;
  let prevHash = GENESIS_HASH;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    const [page] = await db.rows<{ n: number; bad: number; firstPrev: string | null; lastHash: string | null }>(
      `WITH page AS (
         SELECT global_position, prev_hash, hash, ${CONTENT_SQL} AS content,
                lag(hash) OVER (ORDER BY global_position) AS before,
                ${DERIVED_COLUMNS_AGREE_SQL} AS derived
         FROM events WHERE global_position BETWEEN $1::BIGINT AND $2::BIGINT)
       SELECT count(*) AS n,
              count(*) FILTER (WHERE NOT coalesce(
                sha256(prev_hash || chr(10) || content) = hash
                AND length(content) - length(replace(content, chr(31), '')) = 9
                AND NOT contains(content, chr(30))
                AND derived = 1
                AND (before IS NULL OR prev_hash = before), false)) AS bad,
              arg_min(prev_hash, global_position) AS "firstPrev",
              arg_max(hash, global_position) AS "lastHash"
       FROM page`,
      [from, to],
    );
    if (!page || page.n !== to - from + 1 || page.bad !== 0 || page.firstPrev !== prevHash || !page.lastHash)
      return undefined;
    prevHash = page.lastHash;
    onProgress?.(to, total);
  }
  if ((await firstRevisionGap(db)) !== undefined) return undefined;
  return { headPosition: total, headHash: prevHash };
}

/** The first position whose stream revision is not its rank in its stream, if any. */
export async function firstRevisionGap(db: DuckDb): Promise<number | undefined> {
  const gap = await db.value<number | null>(
    `SELECT min(global_position) FROM (
       SELECT global_position, stream_revision,
              row_number() OVER (PARTITION BY stream_id ORDER BY global_position) - 1 AS expected
       FROM events) WHERE stream_revision <> expected`,
  );
  return gap ?? undefined;
}
