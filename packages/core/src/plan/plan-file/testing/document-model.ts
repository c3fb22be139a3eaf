/**
 * A plan document as Word or Excel lays it out, for writing test documents: paragraphs, and tables
 * whose cells may span columns or be merged down a column.
 */
export interface ModelCell {
  /** The cell's paragraphs (in Excel, joined with line breaks). */
  readonly paragraphs: readonly string[];
  /** Grid columns the cell covers (Word gridSpan; an Excel merge across). */
  readonly span?: number;
  /** Word vMerge: `restart` opens a merge down the column, `continue` is covered by the cell above. */
  readonly vMerge?: 'restart' | 'continue';
}

export interface ModelRow {
  readonly cells: readonly ModelCell[];
  /** Word repeats the row at the top of every page (w:tblHeader). */
  readonly repeatAsHeader?: boolean;
  /** The row starts a new page. */
  readonly pageBreakBefore?: boolean;
}

export type ModelBlock =
  | { readonly kind: 'paragraph'; readonly text: string; readonly bold?: boolean }
  | { readonly kind: 'table'; readonly columnWidths: readonly number[]; readonly rows: readonly ModelRow[] };

export interface DocumentModel {
  readonly blocks: readonly ModelBlock[];
}

export const cell = (text: string, extra: Omit<ModelCell, 'paragraphs'> = {}): ModelCell => ({
  paragraphs: text === '' ? [] : [text],
  ...extra,
});
