import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, SEED_PLAN_PATH } from '../../../testing/seed-fixture.ts';
import { isHeaderRow } from '../../plan-document/table-columns.ts';
import { cell, type DocumentModel, type ModelBlock, type ModelCell, type ModelRow } from './document-model.ts';
import type { XlsxSheetModel } from './xlsx-writer.ts';

export const SEED_DOCX_PATH = join(FIXTURES_DIR, 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.docx');
export const SEED_XLSX_PATH = join(FIXTURES_DIR, 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.xlsx');

/** Column widths (twips) of STT, Nhiệm vụ, Sản phẩm, Tiến độ, Phân công. */
const WIDTHS = [700, 4600, 3400, 2200, 3600];
const DEADLINE = 3;
const ASSIGNMENT = 4;

/**
 * The seed plan text laid out as its Word original would be: the text as paragraphs and the
 * appendix as one table. The first header row repeats on every page (w:tblHeader); the header rows
 * the export repeated after its page breaks stay as rows that start a page; the rows the export
 * split at a page break stay split (the second part has an empty STT); an area row's title spans
 * the four cells after its numeral (gridSpan); a deadline or an assignment written once for
 * consecutive tasks is one cell merged down the column (vMerge); the export's HTML leftovers are
 * gone and "- Đơn vị chủ trì: … - Đơn vị phối hợp: …" are two paragraphs of the cell.
 */
export function seedDocumentModel(text: string): DocumentModel {
  const lines = text.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  const blocks: ModelBlock[] = [];
  let table: string[][] | undefined;
  const breaks = new Set<number>();
  let blankBefore = false;
  for (const line of lines) {
    if (line.includes('\t')) {
      if (!table) {
        table = [];
        blocks.push({ kind: 'table', columnWidths: WIDTHS, rows: [] });
      }
      if (blankBefore && table.length > 0) breaks.add(table.length);
      table.push(line.split('\t'));
      blankBefore = false;
    } else if (table && line.trim() === '') blankBefore = true;
    else if (!table) blocks.push({ kind: 'paragraph', text: line, bold: /^(PHỤ LỤC|KẾ HOẠCH)/u.test(line) });
    else throw new Error(`text after the appendix table is not laid out: ${line}`);
  }
  if (!table) throw new Error('no appendix table');
  const rows = tableRows(table, breaks);
  return { blocks: blocks.map((b) => (b.kind === 'table' ? { ...b, rows } : b)) };
}

function tableRows(table: readonly string[][], breaks: ReadonlySet<number>): ModelRow[] {
  const isTask = (r: readonly string[] | undefined): boolean => r !== undefined && /^\d+$/u.test((r[0] ?? '').trim());
  const rows: ModelRow[] = table.map((cells, i) => {
    const raw = cells.join('\t');
    if (isHeaderRow(raw))
      return { cells: cells.map((c) => cell(c.trim())), repeatAsHeader: i === 0, pageBreakBefore: breaks.has(i) };
    const [stt = '', title = '', ...rest] = cells.map(cleanExport);
    if (/^[IVX]+$/u.test(stt) && rest.every((c) => c === '')) {
      return { cells: [cell(stt), cell(title, { span: 4 })], pageBreakBefore: breaks.has(i) };
    }
    const all = [stt, title, ...rest];
    return {
      cells: all.map((c, column) => (column === ASSIGNMENT ? assignmentCell(c) : cell(c))),
      pageBreakBefore: breaks.has(i),
    };
  });
  for (const column of [DEADLINE, ASSIGNMENT]) {
    for (let i = 0; i < rows.length; i += 1) {
      const text = table[i]?.[column] ?? '';
      let end = i;
      while (
        isTask(table[i]) &&
        isTask(table[end + 1]) &&
        !breaks.has(end + 1) &&
        table[end + 1]?.[column] === text &&
        text.trim() !== ''
      )
        end += 1;
      if (end === i) continue;
      for (let k = i; k <= end; k += 1) rows[k] = withMerge(rows[k]!, column, k === i ? 'restart' : 'continue');
      i = end;
    }
  }
  return rows;
}

function withMerge(row: ModelRow, column: number, vMerge: 'restart' | 'continue'): ModelRow {
  return { ...row, cells: row.cells.map((c, i): ModelCell => (i === column ? { ...c, vMerge } : c)) };
}

/** The text export's leftovers of the Word list markup (`<ul style=…>`) are not in a Word cell. */
function cleanExport(text: string): string {
  return text
    .replace(/<\/?ul[^<>]*>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function assignmentCell(text: string): ModelCell {
  const parts = text.split(/ (?=- Đơn vị (?:chủ trì|phối hợp):)/u).map((p) => p.trim());
  return { paragraphs: parts.filter((p) => p !== '') };
}

/** The workbook: the plan's text on sheet “Kế hoạch”, the appendix (from “PHỤ LỤC”) on sheet “Phụ lục”. */
export function seedWorkbookModel(model: DocumentModel): XlsxSheetModel[] {
  const appendixAt = model.blocks.findIndex((b) => b.kind === 'paragraph' && b.text.startsWith('PHỤ LỤC'));
  return [
    { name: 'Kế hoạch', blocks: model.blocks.slice(0, appendixAt) },
    { name: 'Phụ lục', blocks: model.blocks.slice(appendixAt) },
  ];
}

export function seedPlanModel(): DocumentModel {
  return seedDocumentModel(readFileSync(SEED_PLAN_PATH, 'utf8'));
}
