import type { DuckDb } from '../../duckdb/duckdb-client.ts';
import type { ChainFailure, ChainFailureReason, ChainVerification, VerifyProgress } from '../chain-verification.ts';
import { canonicalContent, chainHash, FIELD_SEPARATOR, GENESIS_HASH, hasSeparator } from '../hash-chain.ts';
import { isoSql } from './schema.ts';
import { chainHoldsInSql, DERIVED_COLUMNS_AGREE_SQL, firstRevisionGap } from './verify-chain-sql.ts';

export type { ChainFailure, ChainFailureReason, ChainVerification, VerifyProgress } from '../chain-verification.ts';

const ROW = '\x1e';

/**
 * Recomputes every hash from the stored columns, in global order, and checks the links between
 * them, the density of positions, the per-stream revisions and that the typed columns agree with
 * the payload they were derived from. Reports the first position that fails.
 *
 * A chain recomputed from scratch by someone with write access would pass: anchor the head hash
 * printed here somewhere else (a published ranking records it) to detect that too.
 */
export async function verifyDuckDbChain(
  db: DuckDb,
  onProgress?: VerifyProgress,
  pageSize = 20_000,
): Promise<ChainVerification> {
  const total = (await db.value<number>(`SELECT count(*) FROM events`)) ?? 0;
  const holds = await chainHoldsInSql(db, total, onProgress);
  if (holds) return { ok: true, checked: total, ...holds };
  return walkDuckDbChain(db, total, onProgress, pageSize);
}

/**
 * The row-by-row walk: the reference check, and the one that names the first failure (which
 * position, why). verifyDuckDbChain runs it only when the set-based check found something.
 */
export async function walkDuckDbChain(
  db: DuckDb,
  total: number,
  onProgress?: VerifyProgress,
  pageSize = 20_000,
): Promise<ChainVerification> {
  // Rows the walk below would not meet: before position 1, or a second row at a position.
  const structural = await structuralFailure(db);
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const fail = (position: number, reason: ChainFailureReason, vi: string, en: string): ChainVerification => {
    if (structural && structural.position <= position)
      return { ok: false, checked, headPosition: expectedPosition - 1, headHash: prevHash, failure: structural };
    return {
      ok: false,
      checked,
      headPosition: expectedPosition - 1,
      headHash: prevHash,
      failure: { position, reason, vi, en },
    };
  };

  for (;;) {
    const packed = await db.value<string | null>(
      `SELECT string_agg(concat_ws(chr(31), global_position, event_id, stream_id, stream_revision, type, schema_version,
                ${isoSql('occurred_at')}, ${isoSql('recorded_at')}, metadata, data, prev_hash, hash,
                ${DERIVED_COLUMNS_AGREE_SQL}), chr(30)
                ORDER BY global_position)
       FROM (SELECT * FROM events WHERE global_position >= $1::BIGINT ORDER BY global_position LIMIT ${Math.max(1, Math.floor(pageSize))})`,
      [expectedPosition],
    );
    if (!packed) break;
    for (const line of packed.split(ROW)) {
      const f = line.split(FIELD_SEPARATOR);
      const position = Number(f[0]);
      if (!Number.isInteger(position) || f.length !== 13) {
        return fail(
          expectedPosition,
          'hash_mismatch',
          `không đọc được sự kiện sau vị trí ${expectedPosition - 1} (chứa ký tự phân cách, đã bị sửa)`,
          `cannot read the event after position ${expectedPosition - 1} (it contains a separator: altered)`,
        );
      }
      if (position < expectedPosition) {
        return fail(
          position,
          'duplicate_position',
          `vị trí ${position} xuất hiện hai lần`,
          `position ${position} appears twice`,
        );
      }
      if (position > expectedPosition) {
        return fail(
          expectedPosition,
          'missing_position',
          `thiếu sự kiện ở vị trí ${expectedPosition}`,
          `event missing at position ${expectedPosition}`,
        );
      }
      const stored = { prevHash: f[10]!, hash: f[11]! };
      if (stored.prevHash !== prevHash) {
        return fail(
          position,
          'broken_link',
          `liên kết băm đứt tại vị trí ${position}`,
          `hash link broken at position ${position}`,
        );
      }
      if (f.slice(1, 10).some(hasSeparator)) {
        return fail(
          position,
          'hash_mismatch',
          `nội dung sự kiện tại vị trí ${position} chứa ký tự phân cách (đã bị sửa)`,
          `event at position ${position} contains a separator character (altered)`,
        );
      }
      const recomputed = chainHash(
        prevHash,
        canonicalContent({
          eventId: f[1]!,
          streamId: f[2]!,
          streamRevision: Number(f[3]),
          globalPosition: position,
          type: f[4]!,
          schemaVersion: Number(f[5]),
          occurredAt: f[6]!,
          recordedAt: f[7]!,
          metadataJson: f[8]!,
          dataJson: f[9]!,
        }),
      );
      if (recomputed !== stored.hash) {
        return fail(
          position,
          'hash_mismatch',
          `nội dung sự kiện tại vị trí ${position} đã bị thay đổi (băm không khớp)`,
          `event at position ${position} was altered (hash mismatch)`,
        );
      }
      if (f[12] !== '1') {
        return fail(
          position,
          'derived_column_mismatch',
          `cột tra cứu tại vị trí ${position} không khớp nội dung sự kiện`,
          `lookup columns at position ${position} disagree with the event's payload`,
        );
      }
      prevHash = stored.hash;
      expectedPosition += 1;
      checked += 1;
    }
    onProgress?.(checked, total);
  }

  const gap = await firstRevisionGap(db);
  if (gap !== undefined) {
    return fail(
      gap,
      'revision_gap',
      `phiên bản luồng không liên tục tại vị trí ${gap}`,
      `stream revisions not contiguous at position ${gap}`,
    );
  }
  if (structural)
    return { ok: false, checked, headPosition: expectedPosition - 1, headHash: prevHash, failure: structural };
  if (checked !== total) {
    return fail(
      expectedPosition,
      'duplicate_position',
      `nhật ký có ${total} dòng nhưng chỉ ${checked} dòng nằm trong chuỗi`,
      `the log has ${total} rows but only ${checked} are in the chain`,
    );
  }
  return { ok: true, checked, headPosition: expectedPosition - 1, headHash: prevHash };
}

async function structuralFailure(db: DuckDb): Promise<ChainFailure | undefined> {
  const foreign = await db.value<number | null>(`SELECT min(global_position) FROM events WHERE global_position < 1`);
  if (foreign !== null && foreign !== undefined) {
    return {
      position: foreign,
      reason: 'foreign_position',
      vi: `có dòng ở vị trí ${foreign}, ngoài nhật ký (bị chèn)`,
      en: `a row at position ${foreign}, outside the log (inserted)`,
    };
  }
  const duplicate = await db.value<number | null>(
    `SELECT min(global_position) FROM (SELECT global_position FROM events GROUP BY 1 HAVING count(*) > 1)`,
  );
  if (duplicate !== null && duplicate !== undefined) {
    return {
      position: duplicate,
      reason: 'duplicate_position',
      vi: `vị trí ${duplicate} xuất hiện hai lần`,
      en: `position ${duplicate} appears twice`,
    };
  }
  return undefined;
}
