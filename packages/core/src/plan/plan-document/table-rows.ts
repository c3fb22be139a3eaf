import { AREAS, type Area } from '../../events/domain/common.ts';
import { cleanCellText } from '../cell-text.ts';
import { PLAN_AREA_TITLES } from '../plan-definition.ts';
import { fold, shorten } from './document-lines.ts';
import type { Fail, Warn } from './import-warning.ts';
import { type Column, type ColumnMap, mapColumns } from './table-columns.ts';

/** A task row and the continuation rows merged into it. */
export interface TaskDraft {
  readonly area: Area;
  readonly row: number;
  readonly id: string;
  readonly cells: Record<Exclude<Column, 'stt'>, string>;
  readonly lines: number[];
}

export interface TableCounts {
  rowsRead: number;
  continuationRowsMerged: number;
  headerRowsSkipped: number;
  areaRows: number;
  rowsRejected: number;
}

/** What reading the table has gathered so far; each row handler moves it on. */
export interface TableState {
  columns: ColumnMap;
  /** The area of the rows below, or undefined before the first area row or under an unknown one. */
  area: Area | undefined;
  /** The task a continuation row would be merged into. */
  last: TaskDraft | undefined;
  lastSttInArea: number;
  readonly drafts: TaskDraft[];
  readonly counts: TableCounts;
  readonly warn: Warn;
  readonly fail: Fail;
}

/** A row of the table, its cells fitted to the header. */
export interface TableRow {
  readonly lineNumber: number;
  /** The row's text for warnings, shortened. */
  readonly excerpt: string;
  /** The STT cell, cleaned. */
  readonly stt: string;
  /** The other cells, as read (cleaned when used). */
  readonly content: Record<Exclude<Column, 'stt'>, string>;
  readonly hasContent: boolean;
}

function reject(table: TableState, line: number, code: string, message: string): void {
  table.counts.rowsRejected += 1;
  table.warn({ line, code, severity: 'warning', message });
}

/** A header row repeated at a page break: skipped, and its column order taken. */
export function headerRow(raw: string, lineNumber: number, table: TableState): void {
  table.counts.headerRowsSkipped += 1;
  table.columns = mapColumns(raw, lineNumber, table.fail);
}

/** A line without tabs (a page number, stray text): rejected. */
export function rowNotInTable(lineNumber: number, excerpt: string, table: TableState): void {
  reject(
    table,
    lineNumber,
    'ROW_NOT_IN_TABLE',
    `Dòng không thuộc bảng (không có cột), đã bỏ qua: “${excerpt}” — line is not a table row (no columns), skipped: “${excerpt}”`,
  );
}

/** An area row ("I", or "I. Cải cách thể chế" in one cell): the area of the task rows below. */
export function areaRow(row: TableRow, numeral: string, inlineTitle: string | undefined, table: TableState): void {
  const { lineNumber, content } = row;
  table.last = undefined;
  table.lastSttInArea = 0;
  if (!(AREAS as readonly string[]).includes(numeral)) {
    table.area = undefined;
    reject(
      table,
      lineNumber,
      'UNKNOWN_AREA',
      `Lĩnh vực “${numeral}” không thuộc I–VII; các nhiệm vụ bên dưới sẽ bị bỏ qua — area “${numeral}” is not one of I–VII; the tasks under it are skipped`,
    );
    return;
  }
  const area = numeral as Area;
  table.area = area;
  table.counts.areaRows += 1;
  const areaTitle = cleanCellText(inlineTitle ?? content.title);
  const expected = PLAN_AREA_TITLES[area];
  if (!fold(areaTitle).includes(fold(expected.vi))) {
    table.warn({
      line: lineNumber,
      code: 'AREA_TITLE_MISMATCH',
      severity: 'warning',
      message: `Lĩnh vực ${area} có tên “${areaTitle}”, khác tên chuẩn “${expected.vi}” — area ${area} is titled “${areaTitle}”, not the standard “${expected.vi}”`,
    });
  }
  const stray = [inlineTitle === undefined ? '' : content.title, content.product, content.deadline, content.assignment]
    .map(cleanCellText)
    .filter((c) => c !== '');
  if (stray.length > 0) {
    table.warn({
      line: lineNumber,
      code: 'AREA_ROW_TEXT_IGNORED',
      severity: 'warning',
      message: `Dòng lĩnh vực ${area} có nội dung ở các cột khác, đã bỏ qua: “${shorten(stray.join(' | '))}” — area row ${area} has text in other columns, ignored: “${shorten(stray.join(' | '))}”`,
    });
  }
}

/** A numbered row: a task of the current area, id `<area>.<STT>`. */
export function taskRow(row: TableRow, stt: number, table: TableState): void {
  const { lineNumber, excerpt, content } = row;
  const area = table.area;
  if (area === undefined) {
    table.last = undefined;
    reject(
      table,
      lineNumber,
      'ROW_WITHOUT_AREA',
      `Nhiệm vụ STT ${stt} không thuộc lĩnh vực nào (I–VII), đã bỏ qua: “${excerpt}” — task ${stt} is under no area (I–VII), skipped: “${excerpt}”`,
    );
    return;
  }
  const id = `${area}.${stt}`;
  if (table.drafts.some((d) => d.id === id)) {
    table.last = undefined;
    reject(
      table,
      lineNumber,
      'DUPLICATE_TASK',
      `Trùng mã nhiệm vụ ${id}, dòng này bị bỏ qua: “${excerpt}” — duplicate task ${id}, this row is skipped: “${excerpt}”`,
    );
    return;
  }
  if (stt !== table.lastSttInArea + 1) {
    table.warn({
      line: lineNumber,
      row: id,
      code: 'STT_OUT_OF_SEQUENCE',
      severity: 'info',
      message: `STT ${stt} không liền sau ${table.lastSttInArea} trong lĩnh vực ${area} — row number ${stt} does not follow ${table.lastSttInArea} in area ${area}`,
    });
  }
  table.lastSttInArea = stt;
  table.last = { area, row: stt, id, cells: { ...content }, lines: [lineNumber] };
  table.drafts.push(table.last);
}

/** A row with an empty STT and some text: the task above continues (a page break split it). */
export function continuationRow(row: TableRow, table: TableState): void {
  const { lineNumber, excerpt, content } = row;
  const last = table.last;
  if (last === undefined) {
    reject(
      table,
      lineNumber,
      'ORPHAN_CONTINUATION',
      `Dòng tiếp nối không có nhiệm vụ phía trên để ghép, đã bỏ qua: “${excerpt}” — continuation row with no task above it, skipped: “${excerpt}”`,
    );
    return;
  }
  for (const column of ['title', 'product', 'deadline', 'assignment'] as const) {
    if (content[column].trim() !== '') last.cells[column] = `${last.cells[column]} ${content[column]}`;
  }
  last.lines.push(lineNumber);
  table.counts.continuationRowsMerged += 1;
  table.warn({
    line: lineNumber,
    row: last.id,
    code: 'CONTINUATION_MERGED',
    severity: 'info',
    message: `Dòng tiếp nối (sang trang) được ghép vào nhiệm vụ ${last.id} — continuation row (page break) merged into task ${last.id}`,
  });
}

/** A row of empty cells: counted as rejected, without a warning (there is nothing to show). */
export function emptyRow(table: TableState): void {
  table.counts.rowsRejected += 1;
}

/** Any other STT: rejected. */
export function unrecognisedRow(row: TableRow, table: TableState): void {
  reject(
    table,
    row.lineNumber,
    'UNRECOGNIZED_ROW',
    `Không nhận ra dòng (STT “${row.stt}”), đã bỏ qua: “${row.excerpt}” — unrecognised row (STT “${row.stt}”), skipped: “${row.excerpt}”`,
  );
}
