import { localDateTimeOf } from '@cchc/core';
import type { DepartmentIndex } from '@cchc/projections';
import ExcelJS from 'exceljs';

/** Sheet names (Vietnamese, as councils read them); the tests use the same. */
export const DOSSIER_SHEET = 'Hồ sơ chấm điểm';
export const DOSSIER_INPUTS_SHEET = 'Bộ tiêu chí và đầu vào';
/** The first cell of the dossier's total row. */
export const DOSSIER_TOTAL_LABEL = 'Tổng cộng';

/** The layout councils use: criterion, maximum, self-score, evidence, appraised score, note. */
export const DOSSIER_HEADERS = [
  'Tiêu chí',
  'Nội dung',
  'Cách chấm',
  'Điểm tối đa',
  'Điểm tự chấm',
  'Tài liệu kiểm chứng (SHA-256)',
  'Điểm thẩm định',
  'Điểm cuối cùng',
  'Ghi chú / lý do thẩm định',
] as const;

const METHOD = { manual: 'Tự chấm', derived: 'Tính từ sổ cái', survey: 'Điều tra XHH' } as const;

/**
 * A department's scoring dossier (hồ sơ chấm điểm) as a workbook: one row per area, then its
 * leaves, and the total; a second sheet names the criteria set, the instant, the log position and
 * the inputs hash that make the numbers reproducible.
 */
export function indexDossierWorkbook(index: DepartmentIndex): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(DOSSIER_SHEET);
  sheet.addRow([...DOSSIER_HEADERS]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const area of index.areas) {
    const row = sheet.addRow([area.areaId, area.title, '', area.max, area.self, '', area.appraised, area.final, '']);
    row.font = { bold: true };
    for (const l of index.leaves.filter((x) => x.areaId === area.areaId)) {
      const note = [l.note, l.appraisalReason, l.measured === null ? null : `đo được: ${l.measured}`]
        .filter(Boolean)
        .join('; ');
      sheet.addRow([
        l.criterionId,
        l.title,
        METHOD[l.method],
        l.max,
        l.self,
        l.evidenceFiles.join('\n'),
        l.appraised,
        l.final,
        note,
      ]);
    }
  }
  sheet.addRow([
    DOSSIER_TOTAL_LABEL,
    '',
    '',
    100,
    index.self,
    '',
    index.appraised,
    index.final,
    index.published.band,
  ]).font = {
    bold: true,
  };
  [10, 60, 14, 12, 12, 40, 14, 14, 40].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  const inputs = workbook.addWorksheet(DOSSIER_INPUTS_SHEET);
  for (const [k, v] of [
    ['Sở', index.departmentId],
    ['Năm', index.year],
    ['Kế hoạch', index.planId],
    [
      'Bộ tiêu chí',
      `${index.criteriaSet.id}@${index.criteriaSet.version}${index.criteriaSet.example ? ' (VÍ DỤ — thay bằng quyết định của tỉnh)' : ''}`,
    ],
    ['Tính đến', `${localDateTimeOf(index.asOf)} (UTC+7)`],
    ['Vị trí nhật ký', index.position],
    ['Băm đầu vào', index.inputsHash],
    ['Chỉ số công bố', `${index.published.final.toFixed(index.precision)} — ${index.published.band}`],
  ] as const) {
    inputs.addRow([k, v]);
  }
  inputs.getColumn(1).width = 18;
  inputs.getColumn(2).width = 70;
  return workbook;
}

export async function indexDossierBuffer(index: DepartmentIndex): Promise<Buffer> {
  return Buffer.from(await indexDossierWorkbook(index).xlsx.writeBuffer());
}
