import type { FieldIssue } from '../../errors/cchc-error.ts';

export interface ImportWarning {
  /** 1-based line in the source file (in a .docx or .xlsx: its paragraphs and table rows counted in order). */
  readonly line: number;
  /** Where in a .docx or .xlsx ("bảng 1, hàng 7 — table 1, row 7"); text files have only `line`. */
  readonly at?: string;
  /** The task id, when the warning is about one task. */
  readonly row?: string;
  readonly code: string;
  /** `info`: the importer did something worth checking (fixed a typo, merged a row); `warning`: a human must act. */
  readonly severity: 'info' | 'warning';
  /** Vietnamese first, then English: "vi — en". */
  readonly message: string;
}

/** Collects a warning; the parser sorts them by line at the end. */
export type Warn = (w: ImportWarning) => void;
/** Throws the ValidationError that names the plan document. */
export type Fail = (issues: FieldIssue[]) => never;
