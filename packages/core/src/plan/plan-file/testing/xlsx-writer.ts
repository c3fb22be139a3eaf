import ExcelJS from 'exceljs';
import type { DocumentModel, ModelBlock } from './document-model.ts';

export interface XlsxSheetModel {
  readonly name: string;
  readonly blocks: readonly ModelBlock[];
}

/**
 * A workbook of the model: a paragraph is a row with its text in column A, a table's rows follow
 * on the same sheet, a span is a merge across and a vMerge run a merge down the column.
 */
export async function writeXlsx(sheets: readonly XlsxSheetModel[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cchc-ledger test fixtures';
  workbook.created = new Date('2025-01-02T08:00:00Z');
  workbook.modified = workbook.created;
  for (const model of sheets) {
    const sheet = workbook.addWorksheet(model.name);
    let row = 1;
    for (const block of model.blocks) {
      if (block.kind === 'paragraph') {
        sheet.getCell(row, 1).value = block.text === '' ? null : block.text;
        if (block.bold) sheet.getCell(row, 1).font = { bold: true };
        row += 1;
        continue;
      }
      block.columnWidths.forEach((w, i) => {
        sheet.getColumn(i + 1).width = Math.round(w / 120);
      });
      const openMerges = new Map<number, number>();
      const closeMerge = (column: number, lastRow: number): void => {
        const from = openMerges.get(column);
        if (from !== undefined && lastRow > from) sheet.mergeCells(from, column, lastRow, column);
        openMerges.delete(column);
      };
      for (const r of block.rows) {
        const continued = new Set<number>();
        let at = 1;
        for (const c of r.cells) {
          if (c.vMerge === 'continue') continued.add(at);
          at += c.span ?? 1;
        }
        for (const column of [...openMerges.keys()]) if (!continued.has(column)) closeMerge(column, row - 1);
        let column = 1;
        for (const c of r.cells) {
          const span = c.span ?? 1;
          if (c.vMerge !== 'continue') {
            const target = sheet.getCell(row, column);
            target.value = c.paragraphs.length === 0 ? null : c.paragraphs.join('\n');
            target.alignment = { wrapText: true, vertical: 'top' };
            if (r.repeatAsHeader) target.font = { bold: true };
            if (c.vMerge === 'restart') openMerges.set(column, row);
            if (span > 1) sheet.mergeCells(row, column, row, column + span - 1);
          }
          column += span;
        }
        row += 1;
      }
      for (const column of [...openMerges.keys()]) closeMerge(column, row - 1);
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

export type { DocumentModel };
