import { localDateTimeOf } from '@cchc/core';
import { clampToNow, explainUnit, type RankingContextQuery, type UnitExplanation } from '@cchc/projections';
import type { Command } from 'commander';
import { formatNumber, table } from '../format.ts';
import { withReadModels } from '../open-store.ts';
import { addRankOptions, type RankOptions, rankingQuery } from './ranking-options.ts';

/** `cchc explain <unitId>`: every number behind a unit's score. */
export function registerExplainCommand(program: Command): void {
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
        explainUnit(engine.database, { unitId, ...explainQueryOf(rankingQuery(opts)) }),
      );
      if (opts.json) console.log(JSON.stringify(explanation, null, 2));
      else printExplanation(explanation);
    });
}

function printExplanation(x: UnitExplanation): void {
  const u = x.unit;
  console.log(
    `Giải trình điểm / score explanation: ${u.unitName} (${u.unitId}) — kế hoạch/plan ${x.planId}, ${x.provisional ? 'TẠM TÍNH đến/PROVISIONAL as of' : 'tính đến/as of'} ${localDateTimeOf(x.asOf)} (giờ VN/Vietnam time; mốc/cutoff ${localDateTimeOf(x.cutoff)}), vị trí/position ${x.position}`,
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
        formatNumber(a.c),
        formatNumber(a.q),
        formatNumber(a.l),
        formatNumber(a.s, 4),
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
      x.areas.map((a) => [a.area, String(a.weight), String(a.scorable), formatNumber(a.value, 4)]),
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
        formatNumber(r.value),
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

/** The explanation of a unit at the instant its ranking is computed at (a future one clamped to now). */
function explainQueryOf(q: RankingContextQuery) {
  const { requested, ...rest } = q;
  return {
    ...rest,
    ...(requested !== undefined ? { asOf: clampToNow(requested, new Date(q.now).toISOString()).asOf } : {}),
  };
}
