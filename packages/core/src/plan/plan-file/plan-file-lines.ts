import { isHeaderRow as isHeaderLine } from '../plan-document/table-columns.ts';
import { readDocxBlocks } from './docx-reader.ts';
import { gridRowsToLines } from './grid-rows.ts';
import { readXlsxSheets } from './xlsx-reader.ts';

/** A plan file in the parser's row form: one line per paragraph or table row, and where each came from. */
export interface PlanFileLines {
  readonly text: string;
  /** Where line n (1-based) is in the file, "vi — en", for warnings and errors. */
  readonly locations: readonly string[];
}

/**
 * A .docx: each body paragraph is a line, each table row a line of tab-joined cells (merged cells
 * resolved by `gridRowsToLines`). A tab or line break inside a cell never splits it.
 */
export function docxLines(bytes: Uint8Array): PlanFileLines {
  const lines: string[] = [];
  const locations: string[] = [];
  let paragraph = 0;
  let table = 0;
  for (const block of readDocxBlocks(bytes)) {
    if (block.kind === 'paragraph') {
      paragraph += 1;
      lines.push(block.text);
      locations.push(`đoạn ${paragraph} — paragraph ${paragraph}`);
      continue;
    }
    table += 1;
    gridRowsToLines(block.rows).forEach((line, i) => {
      lines.push(line);
      locations.push(`bảng ${table}, hàng ${i + 1} — table ${table}, row ${i + 1}`);
    });
  }
  return { text: lines.join('\n'), locations };
}

/**
 * A .xlsx: every worksheet in tab order, each row a line. Above a sheet's table header a row is
 * text (its empty cells on the right dropped, so a paragraph in column A stays a paragraph); from
 * the header down every row keeps its cells.
 */
export async function xlsxLines(bytes: Uint8Array): Promise<PlanFileLines> {
  const lines: string[] = [];
  const locations: string[] = [];
  for (const sheet of await readXlsxSheets(bytes)) {
    const rows = gridRowsToLines(sheet.rows);
    const headerAt = rows.findIndex((line) => isHeaderLine(line));
    rows.forEach((line, i) => {
      lines.push(headerAt < 0 || i < headerAt ? line.replace(/\t+$/u, '') : line);
      locations.push(`trang tính “${sheet.name}”, hàng ${i + 1} — sheet “${sheet.name}”, row ${i + 1}`);
    });
  }
  return { text: lines.join('\n'), locations };
}
