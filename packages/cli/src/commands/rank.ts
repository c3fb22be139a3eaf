import { CheckpointKeeper, localDateTimeOf } from '@cchc/core';
import {
  findingNotes,
  instantNote,
  type Note,
  publicationNotes,
  publishRanking,
  type RankingDiagnosis,
  type RankingInContext,
  type RankingsInContext,
  rankingNotes,
  rankingsInContext,
  tiesNote,
  verifyPublishedRanking,
} from '@cchc/projections';
import type { Command } from 'commander';
import { safeUser } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { formatNumber, table } from '../format.ts';
import { withReadModels } from '../open-store.ts';
import { addRankOptions, type RankOptions, rankingQuery } from './ranking-options.ts';

export function printRanking(context: RankingInContext): void {
  const { ranking } = context;
  console.log(
    `Xếp hạng CCHC / ranking — kế hoạch/plan ${ranking.planId} (${ranking.year}), ` +
      `vị trí nhật ký/log position ${ranking.position}, bộ quy tắc/rulebook ${ranking.rulebook.id} v${ranking.rulebook.version}`,
  );
  for (const note of instantNote(context)) printNote(note);
  console.log(
    table(
      ['Hạng', 'Đơn vị', 'Điểm', 'Xếp loại', 'Nhiệm vụ', 'Báo cáo', 'Thưởng', 'Trừ', 'Quá hạn'],
      ranking.rows.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        `${r.unitName} (${r.unitId})`,
        formatNumber(r.score),
        r.band ?? 'Chưa xếp hạng',
        formatNumber(r.tasksValue === null ? null : r.tasksValue * 100, 1),
        formatNumber(r.reportsValue === null ? null : r.reportsValue * 100, 1),
        r.bonus ? `+${r.bonus}` : '',
        r.criticismDeduction + r.missingDeduction ? `−${r.criticismDeduction + r.missingDeduction}` : '',
        r.overdueAssignments ? String(r.overdueAssignments) : '',
      ]),
    ),
  );
  printNote(tiesNote(context));
  console.log(`Băm đầu vào / inputs hash: ${ranking.inputsHash}`);
  for (const note of publicationNotes(context)) printNote(note, context.publication?.sameInputsHash ? 'i' : '!');
  for (const note of findingNotes(context.diagnosis)) printNote(note, ranking.rows.length === 0 ? '!' : 'i');
}

/** A note in both languages, Vietnamese first. */
export function printNote(note: Note, mark = 'i'): void {
  console.log(`${mark} ${note.vi}\n  ${note.en}`);
}

function rankingJson(context: RankingInContext) {
  const { ranking } = context;
  return {
    rulebook: ranking.rulebook,
    planId: ranking.planId,
    year: ranking.year,
    asOf: ranking.asOf,
    cutoff: ranking.cutoff,
    provisional: ranking.provisional,
    requestedAsOf: context.requestedAsOf,
    clampedToNow: context.clampedToNow,
    position: ranking.position,
    inputsHash: ranking.inputsHash,
    ties: ranking.ties,
    rows: ranking.rows,
    publication: context.publication,
    findings: context.diagnosis.findings,
    notes: rankingNotes(context),
  };
}

/** The rankings the options ask for, in context; none: the diagnosis is printed and the exit code says so. */
async function rankingsAsked(command: Command, opts: RankOptions): Promise<RankingsInContext> {
  return withReadModels(command, (engine) => rankingsInContext(engine.database, rankingQuery(opts)));
}

function printNoRanking(diagnosis: RankingDiagnosis | null): void {
  console.error('✗ Không có xếp hạng nào — no ranking');
  for (const note of diagnosis ? findingNotes(diagnosis) : []) console.error(`  ${note.vi}\n  ${note.en}`);
  process.exitCode = EXIT.notFound;
}

/** `cchc rank`, `rank publish` and `rank verify`. */
export function registerRankCommands(program: Command): void {
  const rank = addRankOptions(program.command('rank').description('xếp hạng các đơn vị / rank the units'))
    .option('--json', 'xuất JSON / print JSON')
    .action(async (opts: RankOptions, command: Command) => {
      const { rankings, diagnosis } = await rankingsAsked(command, opts);
      if (rankings.length === 0) {
        if (opts.json) console.log(JSON.stringify({ rankings: [], findings: diagnosis?.findings ?? [] }, null, 2));
        printNoRanking(diagnosis);
        return;
      }
      if (opts.json) {
        const out = rankings.map(rankingJson);
        console.log(JSON.stringify(out.length === 1 ? out[0] : out, null, 2));
        return;
      }
      rankings.forEach((r, i) => {
        if (i > 0) console.log('');
        printRanking(r);
      });
      // A ranking with no rows is not an answer: its findings said why; the exit code says so too.
      if (rankings.every((r) => r.ranking.rows.length === 0)) process.exitCode = EXIT.notFound;
    });

  addRankOptions(
    rank.command('publish').description('ghi sự kiện RankingPublished cho xếp hạng / record a RankingPublished event'),
  ).action(async (opts: RankOptions, command: Command) => {
    await withReadModels(command, async (engine, store) => {
      const { rankings: found, diagnosis } = await rankingsInContext(engine.database, rankingQuery(opts));
      if (found.length === 0) printNoRanking(diagnosis);
      const checkpoints = new CheckpointKeeper(dataDirOf(command), store);
      for (const { ranking } of found) {
        const { eventId, position, checkpoint } = await publishRanking(
          store,
          engine.database,
          ranking,
          { actor: `cli:${safeUser()}`, source: 'cli' },
          { checkpoints },
        );
        console.log(
          `✓ Đã công bố xếp hạng ${ranking.planId}${ranking.provisional ? ' (TẠM TÍNH)' : ''} tính đến ${localDateTimeOf(ranking.asOf)} (giờ VN): sự kiện ${eventId} (vị trí ${position}); băm đầu vào ${ranking.inputsHash}\n` +
            `  Published the ranking of ${ranking.planId}${ranking.provisional ? ' (PROVISIONAL)' : ''} as of ${localDateTimeOf(ranking.asOf)} (Vietnam time): event ${eventId}; check it later with: cchc rank verify ${eventId}`,
        );
        if (checkpoint) console.log(checkpointLine(checkpoint.checkpoint, checkpoint.file));
      }
    });
  });

  rank
    .command('verify')
    .description(
      'tính lại một xếp hạng đã công bố và so băm đầu vào / recompute a published ranking and compare its inputs hash',
    )
    .argument('<eventId>', 'mã sự kiện RankingPublished / the RankingPublished event id')
    .action(async (eventId: string, _opts: unknown, command: Command) => {
      const v = await withReadModels(command, (engine) => verifyPublishedRanking(engine.database, eventId));
      if (v.ok) {
        console.log(
          `✓ Khớp: tính lại tại vị trí ${v.position} cho cùng băm đầu vào ${v.publishedInputsHash} và cùng kết quả — ` +
            `verified: recomputed at position ${v.position}, same inputs hash and same rows`,
        );
      } else {
        console.error(
          `✗ Không khớp: băm đầu vào đã công bố ${v.publishedInputsHash}, tính lại ${v.recomputedInputsHash}${v.sameRows ? '' : '; kết quả khác / rows differ'} — ` +
            `mismatch: the published ranking does not recompute`,
        );
        process.exitCode = EXIT.rankingMismatch;
      }
    });
}

/** Which signed checkpoint covers a publication, and where it is kept. */
function checkpointLine(c: { treeSize: number; root: string; takenAt: string }, file: string): string {
  return (
    `  Mốc kiểm chứng có chữ ký bao gồm nó / signed checkpoint covering it: cỡ cây / tree size ${c.treeSize}, gốc / root ${c.root}, ` +
    `lập lúc / taken at ${localDateTimeOf(c.takenAt)} (giờ VN / Vietnam time) → checkpoints/${file}`
  );
}
