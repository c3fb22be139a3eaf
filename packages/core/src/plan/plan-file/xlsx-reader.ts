import ExcelJS from 'exceljs';
import type { GridCell, GridRow } from './grid-rows.ts';
import { OoxmlPackageError } from './ooxml-package.ts';

export interface XlsxSheet {
  readonly name: string;
  /** Rows 1..last, each with cells 1..the sheet's last used column (merged cells marked). */
  readonly rows: readonly GridRow[];
}

/** Every worksheet of a workbook, in tab order, as grid rows (a merge marks the cells it covers). */
export async function readXlsxSheets(bytes: Uint8Array): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (error) {
    throw new OoxmlPackageError(error instanceof Error ? error.message : String(error));
  }
  return workbook.worksheets.map((sheet) => {
    const width = sheet.columnCount;
    const rows: GridRow[] = [];
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      const cells: GridCell[] = [];
      for (let c = 1; c <= width; c += 1) cells.push(gridCell(row.getCell(c)));
      rows.push(cells);
    }
    return { name: sheet.name, rows };
  });
}

function gridCell(cell: ExcelJS.Cell): GridCell {
  if (cell.isMerged && cell.master !== cell) {
    const master = cell.master;
    // Only the master's column carries a merge down; the rest of a block merge is covered from the left.
    return { text: '', merged: master.col === cell.col && master.row < cell.row ? 'down' : 'span' };
  }
  return { text: cellText(cell.value) };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs reads a date cell as that day at 00:00 UTC.
    return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
    if ('error' in value) return '';
  }
  return String(value);
}
