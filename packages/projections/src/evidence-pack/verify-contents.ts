import type { Checkpoint } from '@cchc/core';
import type { z } from 'zod';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { type Checks, decoder, eventName, type PackFiles, type VerifyPackOptions } from './pack-checks.ts';
import { sha256Hex } from './pack-crypto.ts';
import {
  citedEventIds,
  evidencePathOf,
  type explanationRefsSchema,
  type Manifest,
  PACK_FILES,
  type PackEvent,
  type PackRanking,
  packRankingSchema,
} from './pack-format.ts';
import type { PackedEvent } from './verify-score.ts';

/** What the pack's contents say, checked against each other: completeness, evidence files, ranking, rulebook, explanation. */

export function checkCompleteness(
  events: readonly PackEvent[],
  manifest: Manifest,
  checkpoint: Checkpoint | undefined,
  checks: Checks,
): void {
  const before = checks.list.length;
  const ids = new Set<string>();
  for (const e of events) {
    if (ids.has(e.eventId))
      checks.fail('completeness', eventName(e), `sự kiện ${e.eventId} có hai lần`, `event ${e.eventId} appears twice`);
    ids.add(e.eventId);
  }
  if (manifest.scope.unitId === null) {
    // The whole log up to the checkpoint: every position, each linked to the one before.
    const byPosition = new Map(events.map((e) => [e.globalPosition, e]));
    const size = checkpoint?.treeSize ?? events.length;
    for (let p = 1; p <= size; p++) {
      const e = byPosition.get(p);
      if (!e) {
        checks.fail('completeness', `#${p}`, `thiếu sự kiện ở vị trí ${p}`, `the event at position ${p} is missing`);
        break;
      }
      const previous = byPosition.get(p - 1);
      if (previous && e.prevHash !== previous.hash) {
        checks.fail(
          'completeness',
          eventName(e),
          `liên kết băm đứt tại vị trí ${p}`,
          `hash link broken at position ${p}`,
        );
        break;
      }
    }
  } else {
    const revisions = new Map<string, number[]>();
    for (const e of events) revisions.set(e.streamId, [...(revisions.get(e.streamId) ?? []), e.streamRevision]);
    for (const stream of manifest.scope.streams) {
      const held = (revisions.get(stream) ?? []).sort((a, b) => a - b);
      const gap = held.findIndex((r, i) => r !== i);
      if (held.length === 0)
        checks.fail(
          'completeness',
          stream,
          `luồng ${stream}: không có sự kiện nào`,
          `stream ${stream}: no event at all`,
        );
      else if (gap >= 0)
        checks.fail(
          'completeness',
          stream,
          `luồng ${stream}: thiếu sự kiện phiên bản ${gap} (đã bị xóa khỏi gói)`,
          `stream ${stream}: the event of revision ${gap} is missing (deleted from the pack)`,
        );
    }
  }
  if (checks.list.length === before)
    checks.pass(
      'completeness',
      PACK_FILES.events,
      manifest.scope.unitId === null
        ? 'đủ mọi sự kiện của sổ cái đến cỡ của mốc, liên kết băm liền'
        : `đủ mọi sự kiện của ${manifest.scope.streams.length} luồng (không thiếu phiên bản nào)`,
      manifest.scope.unitId === null
        ? 'every event of the log up to the checkpoint’s size, hash links unbroken'
        : `every event of ${manifest.scope.streams.length} streams (no revision missing)`,
    );
}

export async function checkEvidenceFiles(
  files: PackFiles,
  events: readonly PackedEvent[],
  checks: Checks,
): Promise<void> {
  const before = checks.list.length;
  const recorded = new Map<string, { fileName: string; size: number }>();
  for (const e of events) {
    if (e.type !== 'EvidenceFileAdded') continue;
    const d = e.data as { sha256: string; fileName: string; size: number };
    recorded.set(d.sha256, d);
  }
  for (const [sha256, { fileName, size }] of recorded) {
    const path = evidencePathOf(sha256);
    const bytes = files.get(path);
    if (!bytes) {
      checks.fail(
        'evidence_files',
        `${fileName} (${path})`,
        `thiếu tệp kiểm chứng ${fileName}`,
        `evidence file ${fileName} is missing`,
      );
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== sha256 || bytes.byteLength !== size)
      checks.fail(
        'evidence_files',
        `${fileName} (${path})`,
        `tệp kiểm chứng ${fileName} đã bị thay đổi: SHA-256 ${actual}, sự kiện ghi ${sha256}`,
        `evidence file ${fileName} was changed: SHA-256 ${actual}, its event records ${sha256}`,
      );
  }
  for (const e of events) {
    const referenced = (e.data as { evidenceFiles?: unknown }).evidenceFiles;
    if (!Array.isArray(referenced)) continue;
    for (const sha256 of referenced)
      if (typeof sha256 === 'string' && !recorded.has(sha256))
        checks.fail(
          'evidence_files',
          `#${e.globalPosition} ${e.type} → ${sha256}`,
          `sự kiện #${e.globalPosition} dẫn tệp ${sha256} mà gói không có sự kiện ghi tệp đó`,
          `event #${e.globalPosition} references file ${sha256}, whose EvidenceFileAdded event is not in the pack`,
        );
  }
  if (checks.list.length === before)
    checks.pass(
      'evidence_files',
      'evidence/',
      `${recorded.size} tệp kiểm chứng khớp SHA-256 và cỡ ghi trong sự kiện`,
      `${recorded.size} evidence files match the SHA-256 and size their events record`,
    );
}

export function checkRanking(
  ranking: PackRanking,
  events: readonly PackEvent[],
  manifest: Manifest,
  checks: Checks,
): void {
  const r = ranking.ranking;
  if (r.year !== manifest.scope.year || (r.planId !== undefined && r.planId !== manifest.scope.planId))
    checks.fail(
      'ranking',
      PACK_FILES.ranking,
      'xếp hạng không thuộc kế hoạch của gói',
      'the ranking is not of the pack’s plan',
    );
  if (!ranking.published) {
    checks.note(
      'ranking',
      PACK_FILES.ranking,
      'xếp hạng CHƯA CÔNG BỐ (xếp hạng hiện tại): không có sự kiện RankingPublished nào neo nó vào sổ cái',
      'the ranking is NOT PUBLISHED (the current one): no RankingPublished event anchors it in the log',
    );
    return;
  }
  const event = events.find((e) => e.eventId === ranking.eventId);
  if (event?.type !== 'RankingPublished') {
    checks.fail(
      'ranking',
      `RankingPublished ${ranking.eventId}`,
      `thiếu sự kiện công bố xếp hạng ${ranking.eventId}`,
      `the RankingPublished event ${ranking.eventId} is missing`,
    );
    return;
  }
  const stated = JSON.stringify(packRankingSchema.shape.ranking.parse(JSON.parse(event.dataJson)));
  // logHash anchors the chain where the ranking was computed: the event there, when the pack holds it, must be that one.
  const head = events.find((e) => e.globalPosition === r.position);
  if (r.logHash !== undefined && head !== undefined && head.hash !== r.logHash)
    checks.fail(
      'ranking',
      eventName(head),
      `sự kiện ở vị trí ${r.position} không phải sự kiện mà xếp hạng đã tính tới (logHash ${r.logHash.slice(0, 16)}…)`,
      `the event at position ${r.position} is not the one the ranking was computed up to (logHash ${r.logHash.slice(0, 16)}…)`,
    );
  if (stated !== JSON.stringify(r))
    checks.fail(
      'ranking',
      eventName(event),
      'ranking.json khác nội dung sự kiện công bố xếp hạng',
      'ranking.json differs from the RankingPublished event',
    );
  else
    checks.pass(
      'ranking',
      eventName(event),
      `xếp hạng đã công bố (sự kiện #${event.globalPosition}), tính tại vị trí ${r.position}, đến ${r.asOf} UTC`,
      `the published ranking (event #${event.globalPosition}), computed at position ${r.position}, as of ${r.asOf} UTC`,
    );
}

export function readRulebook(files: PackFiles, options: VerifyPackOptions, checks: Checks): Rulebook | undefined {
  const bytes = files.get(PACK_FILES.rulebook);
  if (!bytes) {
    checks.fail('rulebook', PACK_FILES.rulebook, 'thiếu bộ quy tắc', 'the rulebook is missing');
    return undefined;
  }
  try {
    return options.readRulebook(JSON.parse(decoder.decode(bytes)));
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 300) : String(error);
    checks.fail(
      'rulebook',
      PACK_FILES.rulebook,
      `bộ quy tắc không hợp lệ (${why})`,
      `the rulebook is invalid (${why})`,
    );
    return undefined;
  }
}

export function checkRulebook(ranking: PackRanking, rulebook: Rulebook, checks: Checks): void {
  const used = ranking.ranking.rulebook;
  if (used.id !== rulebook.id || used.version !== rulebook.version)
    checks.fail(
      'rulebook',
      PACK_FILES.rulebook,
      `bộ quy tắc ${rulebook.id} v${rulebook.version} khác bộ xếp hạng đã dùng (${used.id} v${used.version})`,
      `rulebook ${rulebook.id} v${rulebook.version} is not the one the ranking used (${used.id} v${used.version})`,
    );
  else
    checks.pass(
      'rulebook',
      PACK_FILES.rulebook,
      `bộ quy tắc ${used.id} v${used.version}, như xếp hạng đã dùng`,
      `rulebook ${used.id} v${used.version}, the one the ranking used`,
    );
}

export function checkExplanation(
  explanation: z.infer<typeof explanationRefsSchema>,
  ranking: PackRanking,
  events: readonly PackEvent[],
  manifest: Manifest,
  checks: Checks,
): void {
  const before = checks.list.length;
  const held = new Set(events.map((e) => e.eventId));
  const missing = citedEventIds(explanation).filter((id) => !held.has(id));
  if (missing.length > 0)
    checks.fail(
      'explanation',
      missing.join(', '),
      `giải trình dẫn ${missing.length} sự kiện không có trong gói: ${missing.join(', ')}`,
      `the explanation cites ${missing.length} events not in the pack: ${missing.join(', ')}`,
    );
  const row = ranking.ranking.rows.find((r) => r.unitId === explanation.unit.unitId);
  if (explanation.unit.unitId !== manifest.scope.unitId || explanation.planId !== manifest.scope.planId)
    checks.fail(
      'explanation',
      PACK_FILES.explanation,
      'giải trình không phải của đơn vị của gói',
      'the explanation is not of the pack’s unit',
    );
  if (explanation.position !== ranking.ranking.position)
    checks.fail(
      'explanation',
      PACK_FILES.explanation,
      `giải trình tính tại vị trí ${explanation.position}, xếp hạng tại ${ranking.ranking.position}`,
      `the explanation is computed at position ${explanation.position}, the ranking at ${ranking.ranking.position}`,
    );
  if (!row || row.score !== explanation.unit.score || row.band !== explanation.unit.band)
    checks.fail(
      'explanation',
      PACK_FILES.explanation,
      `điểm trong giải trình (${explanation.unit.score}) khác điểm trong xếp hạng (${row?.score ?? '—'})`,
      `the explanation's score (${explanation.unit.score}) differs from the ranking's (${row?.score ?? '—'})`,
    );
  if (checks.list.length === before)
    checks.pass(
      'explanation',
      PACK_FILES.explanation,
      'giải trình khớp xếp hạng; mọi sự kiện nó dẫn đều có trong gói',
      'the explanation agrees with the ranking; every event it cites is in the pack',
    );
}
