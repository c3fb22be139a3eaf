import type { DuckDbEventStore } from '@cchc/core';
import {
  computeRankings,
  DEFAULT_RULEBOOK,
  explainUnit,
  type ProjectionEngine,
  parseRulebook,
  publishRanking,
  type Ranking,
  type Rulebook,
  type UnitExplanation,
  verifyPublishedRanking,
} from '@cchc/projections';
import type { Command } from 'commander';
import { dataDirOf, instantOption, readJsonFile, safeUser, userPath } from '../cli-context.ts';
import { CliError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { catchUpToHead, withEngine, withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';

interface RankOptions {
  year?: string;
  plan?: string;
  asOf?: string;
  rulebook?: string;
  json?: boolean;
}

/** Opens the store, brings the read models up to the head (with a progress bar), runs `work`. */
export async function withReadModels<T>(
  command: Command,
  work: (engine: ProjectionEngine, store: DuckDbEventStore) => Promise<T>,
): Promise<T> {
  return withStore(dataDirOf(command), { readOnly: false }, (store) =>
    withEngine(store, async (engine) => {
      await catchUpToHead(engine, store, 'Cập nhật mô hình đọc / projecting');
      return work(engine, store);
    }),
  );
}

function rulebookOf(file: string | undefined): Rulebook {
  return file ? parseRulebook(readJsonFile(userPath(file))) : DEFAULT_RULEBOOK;
}

function yearOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100)
    throw new CliError(`--year không hợp lệ: ${value}`, `invalid --year: ${value}`, EXIT.invalidInput);
  return n;
}

function rankingQuery(opts: RankOptions) {
  return {
    rulebook: rulebookOf(opts.rulebook),
    ...(opts.asOf !== undefined ? { asOf: instantOption(opts.asOf, '--as-of') } : {}),
    ...(opts.plan !== undefined ? { planId: opts.plan } : {}),
    ...(yearOf(opts.year) !== undefined ? { year: yearOf(opts.year)! } : {}),
  };
}

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

export function printRanking(ranking: Ranking): void {
  console.log(
    `Xếp hạng CCHC / ranking — kế hoạch/plan ${ranking.planId} (${ranking.year}), tính đến/as of ${ranking.asOf}, ` +
      `vị trí nhật ký/log position ${ranking.position}, bộ quy tắc/rulebook ${ranking.rulebook.id} v${ranking.rulebook.version}`,
  );
  console.log(
    table(
      ['Hạng', 'Đơn vị', 'Điểm', 'Xếp loại', 'Nhiệm vụ', 'Báo cáo', 'Thưởng', 'Trừ', 'Quá hạn'],
      ranking.rows.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        `${r.unitName} (${r.unitId})`,
        fmt(r.score),
        r.band ?? 'Chưa xếp hạng',
        fmt(r.tasksValue === null ? null : r.tasksValue * 100, 1),
        fmt(r.reportsValue === null ? null : r.reportsValue * 100, 1),
        r.bonus ? `+${r.bonus}` : '',
        r.criticismDeduction + r.missingDeduction ? `−${r.criticismDeduction + r.missingDeduction}` : '',
        r.overdueAssignments ? String(r.overdueAssignments) : '',
      ]),
    ),
  );
  console.log(`Băm đầu vào / inputs hash: ${ranking.inputsHash}`);
}

function rankingJson(ranking: Ranking) {
  return {
    rulebook: ranking.rulebook,
    planId: ranking.planId,
    year: ranking.year,
    asOf: ranking.asOf,
    position: ranking.position,
    inputsHash: ranking.inputsHash,
    rows: ranking.rows.map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      score: r.score,
      band: r.band,
      rank: r.rank,
    })),
  };
}

export function registerRankCommands(program: Command): void {
  const project = program.command('project').description('mô hình đọc trong DuckDB / the DuckDB read models');
  project
    .command('rebuild')
    .description('xóa và tính lại toàn bộ mô hình đọc từ nhật ký / drop and recompute every read model from the log')
    .action(async (_opts: unknown, command: Command) => {
      await withStore(dataDirOf(command), { readOnly: false }, (store) =>
        withEngine(store, async (engine) => {
          const head = await store.headPosition();
          const progress = progressBar('Tính lại / rebuilding');
          const started = performance.now();
          await engine.rebuild(head, (done, total) => progress.update(done, total)).finally(() => progress.stop());
          console.log(
            `✓ Đã tính lại mô hình đọc đến vị trí ${head} trong ${((performance.now() - started) / 1000).toFixed(2)} s — rebuilt the read models up to position ${head}`,
          );
        }),
      );
    });
  project
    .command('status')
    .description('vị trí đã chiếu so với đầu nhật ký / projected position against the log head')
    .action(async (_opts: unknown, command: Command) => {
      await withStore(dataDirOf(command), { readOnly: false }, (store) =>
        withEngine(store, async (engine) => {
          const [checkpoint, head] = [await engine.checkpoint(), await store.headPosition()];
          console.log(
            `Mô hình đọc / read models: ${checkpoint} / ${head} (${head - checkpoint} sự kiện chưa chiếu / events behind)`,
          );
        }),
      );
    });

  const addRankOptions = (c: Command) =>
    c
      .option('--year <yyyy>', 'năm kế hoạch / plan year')
      .option('--plan <planId>', 'mã kế hoạch (khi một năm có nhiều) / plan id (when a year has several)')
      .option(
        '--as-of <instant>',
        'tính đến thời điểm (mặc định 15/12 23:59:59 của năm kế hoạch) / as known at (default 15/12 of the plan year)',
      )
      .option(
        '--rulebook <file>',
        'bộ quy tắc JSON (mặc định default-2025 v1) / rulebook JSON (default default-2025 v1)',
      );

  const rank = addRankOptions(program.command('rank').description('xếp hạng các đơn vị / rank the units'))
    .option('--json', 'xuất JSON / print JSON')
    .action(async (opts: RankOptions, command: Command) => {
      const rankings = await withReadModels(command, (engine) => computeRankings(engine.database, rankingQuery(opts)));
      if (opts.json) {
        const out = rankings.map(rankingJson);
        console.log(JSON.stringify(out.length === 1 ? out[0] : out, null, 2));
        return;
      }
      rankings.forEach((r, i) => {
        if (i > 0) console.log('');
        printRanking(r);
      });
    });

  addRankOptions(
    rank.command('publish').description('ghi sự kiện RankingPublished cho xếp hạng / record a RankingPublished event'),
  ).action(async (opts: RankOptions, command: Command) => {
    await withReadModels(command, async (engine, store) => {
      const rankings = await computeRankings(engine.database, rankingQuery(opts));
      for (const ranking of rankings) {
        const { eventId, position } = await publishRanking(store, engine.database, ranking, {
          actor: `cli:${safeUser()}`,
          source: 'cli',
        });
        console.log(
          `✓ Đã công bố xếp hạng ${ranking.planId}: sự kiện ${eventId} (vị trí ${position}); băm đầu vào ${ranking.inputsHash}\n` +
            `  Published the ranking of ${ranking.planId}: event ${eventId}; check it later with: cchc rank verify ${eventId}`,
        );
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

  addRankOptions(
    program
      .command('explain')
      .description(
        'giải trình từng điểm số của một đơn vị, kèm mã sự kiện / every number behind a unit’s score, with event ids',
      )
      .argument('<unitId>', 'mã đơn vị / unit id'),
  )
    .option('--json', 'xuất JSON / print JSON')
    .action(async (unitId: string, opts: RankOptions, command: Command) => {
      const explanation = await withReadModels(command, (engine) =>
        explainUnit(engine.database, { unitId, ...rankingQuery(opts) }),
      );
      if (opts.json) console.log(JSON.stringify(explanation, null, 2));
      else printExplanation(explanation);
    });
}

function printExplanation(x: UnitExplanation): void {
  const u = x.unit;
  console.log(
    `Giải trình điểm / score explanation: ${u.unitName} (${u.unitId}) — kế hoạch/plan ${x.planId}, tính đến/as of ${x.asOf}, vị trí/position ${x.position}`,
  );
  console.log(
    `Bộ quy tắc / rulebook: ${x.rulebook.id} v${x.rulebook.version}; băm đầu vào / inputs hash ${x.inputsHash}\n`,
  );
  console.log('1. Nhiệm vụ được giao / assignments — chỉ nhiệm vụ chủ trì được tính điểm / only lead ones are scored');
  console.log(
    '   s = (C + Q + L)/3; nhiệm vụ thường xuyên / ongoing: s = quý có tiến độ / quý đã qua (quarters with progress / quarters elapsed)',
  );
  console.log(
    table(
      [
        'Nhiệm vụ',
        'LV',
        'Vai trò',
        'Trạng thái',
        'Hạn',
        'Hoàn thành',
        'Trả lại',
        'Trễ (ngày)',
        'C',
        'Q',
        'L',
        's',
        'Tính điểm',
        'Sự kiện',
      ],
      x.assignments.map((a) => [
        a.taskId,
        a.area,
        a.role === 'lead' ? 'chủ trì' : 'phối hợp',
        a.status,
        a.deadlineKind === 'ongoing' ? `quý ${a.quartersWithProgress}/${a.quartersElapsed}` : (a.due ?? '—'),
        a.completedOn ?? '',
        a.returns ? String(a.returns) : '',
        a.daysLate ? `${a.daysLate}${a.excused ? ' (miễn)' : ''}` : '',
        fmt(a.c),
        fmt(a.q),
        fmt(a.l),
        fmt(a.s, 4),
        a.scorable ? 'có' : 'không',
        [
          ...new Set([
            a.events.completed,
            ...a.events.returned,
            ...a.events.excused,
            ...a.events.deadlines,
            ...a.events.cancelled,
            ...a.events.progress,
          ]),
        ]
          .filter((e): e is string => Boolean(e))
          .map((e) => e.slice(0, 8))
          .join(' '),
      ]),
    ),
  );
  console.log('\n2. Theo lĩnh vực / by area (giá trị = trung bình s; trọng số của bộ quy tắc)');
  console.log(
    table(
      ['Lĩnh vực', 'Trọng số', 'Số NV tính điểm', 'Giá trị'],
      x.areas.map((a) => [a.area, String(a.weight), String(a.scorable), fmt(a.value, 4)]),
    ),
  );
  const sumW = x.areas.reduce((n, a) => n + a.weight, 0);
  if (u.tasksValue !== null) {
    console.log(
      `   Nhiệm vụ / tasks = (${x.areas.map((a) => `${a.weight}×${a.value.toFixed(4)}`).join(' + ')}) / ${sumW} = ${u.tasksValue.toFixed(6)}`,
    );
  } else
    console.log(
      '   Không có nhiệm vụ chủ trì nào được tính điểm: bỏ thành phần nhiệm vụ / no scorable lead assignment: tasks dropped',
    );
  console.log('\n3. Báo cáo định kỳ / periodic reports');
  console.log(
    table(
      ['Kỳ', 'Hạn', 'Ghi nhận', 'Đơn vị gửi', 'Trễ (ngày làm việc)', 'Giá trị', 'Sự kiện'],
      x.reports.map((r) => [
        r.period,
        r.due,
        r.submittedOn ?? 'THIẾU / missing',
        r.submittedBy ?? '',
        r.workingDaysLate ? String(r.workingDaysLate) : '',
        fmt(r.value),
        r.eventId?.slice(0, 8) ?? '',
      ]),
    ),
  );
  if (u.reportsValue !== null)
    console.log(
      `   Báo cáo / reports = (${x.reports.map((r) => r.value.toFixed(2)).join(' + ')}) / ${x.reports.length} = ${u.reportsValue.toFixed(6)}`,
    );
  else console.log('   Chưa có báo cáo đến hạn: bỏ thành phần báo cáo / no report due: reports dropped');
  console.log('\n4. Khen thưởng, phê bình, kỷ luật / recognition, criticism, sanctions');
  console.log(
    table(
      ['Loại', 'Cấp/hình thức', 'Ngày', 'Nội dung', 'Sự kiện'],
      x.recognitions.map((r) => [
        r.kind,
        r.level ?? r.sanctionKind ?? '',
        r.occurredOn,
        r.text ?? '',
        r.eventId.slice(0, 8),
      ]),
    ),
  );
  console.log('\n5. Tổng hợp / total');
  const parts = [
    u.tasksValue === null ? null : `${x.weights.tasks}×${u.tasksValue.toFixed(6)}`,
    u.reportsValue === null ? null : `${x.weights.reports}×${u.reportsValue.toFixed(6)}`,
  ].filter(Boolean);
  const den = (u.tasksValue === null ? 0 : x.weights.tasks) + (u.reportsValue === null ? 0 : x.weights.reports);
  if (x.base === null) {
    console.log('   Không có gì để tính điểm: chưa xếp hạng / nothing to score: unranked');
    return;
  }
  console.log(`   Điểm cơ sở / base = 100 × (${parts.join(' + ')}) / ${den} = ${x.base.toFixed(6)}`);
  console.log(
    `   + thưởng / bonus ${u.bonus} − phê bình / criticism ${u.criticismDeduction} − thiếu báo cáo / missing reports ${u.missingDeduction}`,
  );
  console.log(
    `   = ${u.score?.toFixed(6)} (không âm / never below 0) → xếp loại / band: ${u.band}${u.sanctions ? ' (do kỷ luật / by sanction)' : ''}; hạng / rank ${u.rank ?? '—'}`,
  );
  if (u.overdueAssignments)
    console.log(
      `   Nhiệm vụ chủ trì quá hạn chưa hoàn thành / overdue unfinished lead assignments: ${u.overdueAssignments}`,
    );
}
