import { cleanCellText } from '../cell-text.ts';
import type { PlanTask } from '../plan-definition.ts';
import type { UnitRegistry } from '../unit-registry.ts';
import { shorten } from './document-lines.ts';
import type { Fail, Warn } from './import-warning.ts';
import { COLUMNS, type Column, cellsOf, isHeaderRow, mapColumns } from './table-columns.ts';
import {
  areaRow,
  continuationRow,
  emptyRow,
  headerRow,
  rowNotInTable,
  type TableCounts,
  type TableRow,
  type TableState,
  taskRow,
  unrecognisedRow,
} from './table-rows.ts';
import { buildTask } from './task-build.ts';

/** An area row: "I" (title in the next cell) or "I. Cải cách thể chế" in one cell. */
const ROMAN = /^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.?(?:\s+(.+))?$/u;

/**
 * The appendix table from its header row to the end of the file: every non-blank line is a header
 * row, an area row, a task row, a continuation row or a rejected row (with a warning), and counted.
 */
export function readTable(
  lines: readonly string[],
  headerAt: number,
  registry: UnitRegistry,
  year: number,
  warn: Warn,
  fail: Fail,
): { tasks: PlanTask[]; counts: TableCounts } {
  const table: TableState = {
    columns: mapColumns(lines[headerAt] ?? '', headerAt + 1, fail),
    area: undefined,
    last: undefined,
    lastSttInArea: 0,
    drafts: [],
    counts: { rowsRead: 0, continuationRowsMerged: 0, headerRowsSkipped: 0, areaRows: 0, rowsRejected: 0 },
    warn,
    fail,
  };

  for (let i = headerAt; i < lines.length; i += 1) {
    const raw = lines[i] ?? '';
    const lineNumber = i + 1;
    if (raw.trim() === '') continue;
    table.counts.rowsRead += 1;
    const excerpt = shorten(cleanCellText(raw.replace(/\t+/gu, ' | ')));

    if (isHeaderRow(raw)) {
      headerRow(raw, lineNumber, table);
      continue;
    }
    if (!raw.includes('\t')) {
      rowNotInTable(lineNumber, excerpt, table);
      continue;
    }
    const row = fitRow(raw, lineNumber, excerpt, table);
    const roman = ROMAN.exec(row.stt);
    const numbered = /^(\d+)\.?$/u.exec(row.stt);
    if (roman?.[1]) areaRow(row, roman[1], roman[2], table);
    else if (numbered?.[1]) taskRow(row, Number(numbered[1]), table);
    else if (row.stt === '' && row.hasContent) continuationRow(row, table);
    else if (row.stt === '') emptyRow(table);
    else unrecognisedRow(row, table);
  }

  return { tasks: table.drafts.map((d) => buildTask(d, registry, year, warn)), counts: table.counts };
}

/**
 * The row's cells under the current header: cells beyond the header are joined into the last
 * column, and text in a column the table does not use is reported, each with a warning.
 */
function fitRow(raw: string, lineNumber: number, excerpt: string, table: TableState): TableRow {
  const { columns, warn } = table;
  const cells = cellsOf(raw);
  const width = columns.width;
  if (cells.length > width && cells.slice(width).some((c) => c !== '')) {
    warn({
      line: lineNumber,
      code: 'EXTRA_CELLS',
      severity: 'warning',
      message: `Dòng có nhiều cột hơn tiêu đề; phần thừa được nối vào cột cuối — the row has more cells than the header; the extra text was appended to the last column`,
    });
    const lastColumn = width - 1;
    cells[lastColumn] = [cells[lastColumn] ?? '', ...cells.slice(width)].filter((c) => c !== '').join(' ');
    cells.length = width;
  }
  const cell = (column: Column): string => cells[columns[column]] ?? '';
  const stt = cleanCellText(cell('stt'));
  const content = {
    title: cell('title'),
    product: cell('product'),
    deadline: cell('deadline'),
    assignment: cell('assignment'),
  };
  const hasContent = Object.values(content).some((c) => cleanCellText(c) !== '');
  const mapped = new Set(COLUMNS.map(({ column }) => columns[column]));
  const unmapped = cells.filter((c, index) => !mapped.has(index) && cleanCellText(c) !== '').map(cleanCellText);
  if (unmapped.length > 0) {
    const ignored = shorten(unmapped.join(' | '));
    warn({
      line: lineNumber,
      code: 'UNMAPPED_CELL_IGNORED',
      severity: 'warning',
      message: `Nội dung ở cột không thuộc bảng chuẩn đã bị bỏ qua: “${ignored}” — text in a column outside the standard table was ignored: “${ignored}”`,
    });
  }
  return { lineNumber, excerpt, stt, content, hasContent };
}
