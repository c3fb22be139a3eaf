import { fold } from '../plan-document/document-lines.ts';
import { cellsOf, isHeaderRow } from '../plan-document/table-columns.ts';

/** One grid column of a table row, as the document lays it out. */
export interface GridCell {
  /** The cell's text, its paragraphs and line breaks joined with spaces. */
  readonly text: string;
  /**
   * `span`: covered by the cell to its left (Word gridSpan, an Excel merge across columns): empty.
   * `down`: covered by the cell above (Word vMerge continue, an Excel merge down a column).
   */
  readonly merged?: 'span' | 'down';
}

export type GridRow = readonly GridCell[];

/** Text of a table cell on one line of the parser's row form: no tabs or line breaks inside. */
export function cellLine(text: string): string {
  return text.replace(/[\t\r\n\v\u2028\u2029]+/gu, ' ').trim();
}

/**
 * A table's rows in the parser's row form (cells joined by tabs), with merged cells resolved:
 * - a cell covered by the one to its left is empty (an area title spanning four columns);
 * - a row whose STT cell is covered by the STT above continues that task (its STT is emptied,
 *   so the table reader merges it, and its other covered cells are emptied: their text is already
 *   in the task);
 * - any other covered cell repeats the text of the cell that covers it (one deadline or one lead
 *   unit written once for several tasks belongs to each of them).
 * The STT column is found from the table's header row; without one, the first column.
 */
export function gridRowsToLines(rows: readonly GridRow[]): string[] {
  const sttColumn = findSttColumn(rows);
  const above: string[] = [];
  return rows.map((row) => {
    const continuesTask = row[sttColumn]?.merged === 'down';
    const cells = row.map((cell, column) => {
      if (cell.merged === 'span') return '';
      if (cell.merged === 'down') return continuesTask ? '' : (above[column] ?? '');
      above[column] = cellLine(cell.text);
      return above[column] ?? '';
    });
    return cells.join('\t');
  });
}

function findSttColumn(rows: readonly GridRow[]): number {
  for (const row of rows) {
    const line = row.map((c) => (c.merged ? '' : cellLine(c.text))).join('\t');
    if (!isHeaderRow(line)) continue;
    const index = cellsOf(line).findIndex((c) => /^(?:stt|so tt|tt)$/u.test(fold(c)));
    if (index >= 0) return index;
  }
  return 0;
}
