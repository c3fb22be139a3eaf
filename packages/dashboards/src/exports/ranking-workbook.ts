import { AREAS, localDateTimeOf } from '@cchc/core';
import { rankingNotes } from '@cchc/projections';
import ExcelJS from 'exceljs';
import type { RankingReport } from './ranking-report.ts';

/** Sheet names (Vietnamese, as the office reads them); the tests and `cchc export` use the same. */
export const SUMMARY_SHEET = 'Tổng hợp';
export const RULEBOOK_SHEET = 'Quy tắc và đầu vào';
export const NOTES_SHEET = 'Ghi chú';
export const areaSheetName = (area: string): string => `Lĩnh vực ${area}`;
/** The first cell of the summary's last row. */
export const TOTAL_LABEL = 'Tổng cộng';

const SUMMARY_HEADERS = [
  'Hạng',
  'Mã đơn vị',
  'Đơn vị',
  'Điểm',
  'Xếp loại',
  'Nhiệm vụ (%)',
  'Báo cáo (%)',
  'Thưởng',
  'Trừ do phê bình',
  'Trừ do thiếu báo cáo',
  'Nhiệm vụ quá hạn',
];
const AREA_HEADERS = [
  'Mã đơn vị',
  'Đơn vị',
  'Nhiệm vụ',
  'Trạng thái',
  'Hạn',
  'Hoàn thành ngày',
  'Được tính điểm',
  'Hoàn thành (C)',
  'Chất lượng (Q)',
  'Đúng hạn (L)',
  'Điểm nhiệm vụ (s)',
];

const percent = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
const localTime = (iso: string) => `${localDateTimeOf(iso)} (UTC+7)`;

function headerRow(sheet: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = sheet.addRow([...headers]);
  row.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
}

/**
 * The ranking report as an Excel workbook: a summary sheet (one row per unit and a total row), one
 * sheet per area with each unit's lead assignments and scores, and the rulebook with the as-of
 * instant, log position and inputs hash that make the ranking reproducible.
 */
export function rankingWorkbook(report: RankingReport): ExcelJS.Workbook {
  const { ranking, rulebook, assignments, context } = report;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CCHC Ledger';
  workbook.created = new Date(ranking.asOf);

  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  headerRow(summary, SUMMARY_HEADERS);
  summary.getColumn(3).width = 40;
  for (const r of ranking.rows) {
    summary.addRow([
      r.rank,
      r.unitId,
      r.unitName,
      r.score,
      r.band ?? 'Chưa xếp hạng',
      percent(r.tasksValue),
      percent(r.reportsValue),
      r.bonus,
      r.criticismDeduction,
      r.missingDeduction,
      r.overdueAssignments,
    ]);
  }
  const scored = ranking.rows.filter((r) => r.score !== null);
  const total = summary.addRow([
    TOTAL_LABEL,
    `${ranking.rows.length} đơn vị`,
    `${scored.length} có điểm`,
    scored.reduce((n, r) => n + r.score!, 0),
    null,
    null,
    null,
    ranking.rows.reduce((n, r) => n + r.bonus, 0),
    ranking.rows.reduce((n, r) => n + r.criticismDeduction, 0),
    ranking.rows.reduce((n, r) => n + r.missingDeduction, 0),
    ranking.rows.reduce((n, r) => n + r.overdueAssignments, 0),
  ]);
  total.font = { bold: true };
  summary.getColumn(4).numFmt = '0.00';

  const names = new Map(ranking.rows.map((r) => [r.unitId, r.unitName]));
  for (const area of AREAS) {
    const sheet = workbook.addWorksheet(areaSheetName(area));
    headerRow(sheet, AREA_HEADERS);
    sheet.getColumn(2).width = 36;
    for (const a of assignments.filter((x) => x.area === area)) {
      sheet.addRow([
        a.unitId,
        names.get(a.unitId) ?? a.unitId,
        a.taskId,
        a.status,
        a.due,
        a.completedOn,
        a.scorable ? 'có' : 'không',
        a.c,
        a.q,
        a.l,
        a.s,
      ]);
    }
  }

  const rules = workbook.addWorksheet(RULEBOOK_SHEET);
  rules.columns = [{ width: 36 }, { width: 72 }];
  const facts: [string, string | number][] = [
    ['Kế hoạch', ranking.planId],
    ['Năm', ranking.year],
    ['Bộ quy tắc', rulebook.id],
    ['Phiên bản', rulebook.version],
    ['Tên bộ quy tắc', rulebook.title],
    ['Tính đến (UTC)', ranking.asOf],
    ['Tính đến (giờ Việt Nam)', localTime(ranking.asOf)],
    ['Mốc chấm điểm (giờ Việt Nam)', localTime(ranking.cutoff)],
    ['Kết quả', ranking.provisional ? 'TẠM TÍNH (trước mốc chấm điểm)' : 'Chính thức tại mốc'],
    ['Đồng hạng', `điểm bằng nhau khi làm tròn ${ranking.ties.precision} chữ số thập phân thì đồng hạng`],
    ['Vị trí nhật ký', ranking.position],
    ['Băm đầu vào', ranking.inputsHash],
    ['Trọng số nhiệm vụ', rulebook.components.tasks],
    ['Trọng số báo cáo', rulebook.components.reports],
    ...AREAS.map((a): [string, number] => [`Trọng số lĩnh vực ${a}`, rulebook.areaWeights[a]]),
    [
      'Thưởng sáng kiến cấp Sở / tỉnh / tối đa',
      `${rulebook.bonus.department} / ${rulebook.bonus.province} / ${rulebook.bonus.cap}`,
    ],
    ['Trừ mỗi phê bình', rulebook.deductions.criticism],
    ['Trừ mỗi báo cáo thiếu', rulebook.reports.missingDeduction],
    ...rulebook.bands.map((b): [string, string] => [
      `Xếp loại ${b.name}`,
      b.min === null ? 'còn lại' : `≥ ${b.min}${b.requiresNoOverdue ? ', không có nhiệm vụ quá hạn' : ''}`,
    ]),
  ];
  for (const [label, value] of facts) rules.addRow([label, value]).getCell(1).font = { bold: true };
  // What every surface says beside the ranking: the instant, ties, the publication, what is left out.
  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 110 }, { width: 110 }];
  headerRow(notes, ['Ghi chú', 'Note']);
  for (const note of rankingNotes(context)) notes.addRow([note.vi, note.en]);
  return workbook;
}

export async function rankingWorkbookBuffer(report: RankingReport): Promise<Buffer> {
  return Buffer.from(await rankingWorkbook(report).xlsx.writeBuffer());
}
