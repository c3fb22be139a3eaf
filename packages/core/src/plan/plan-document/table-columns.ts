import type { FieldIssue } from '../../errors/cchc-error.ts';
import { fold } from './document-lines.ts';
import type { Fail } from './import-warning.ts';

export type Column = 'stt' | 'title' | 'product' | 'deadline' | 'assignment';
export const COLUMNS: ReadonlyArray<{ column: Column; label: string; pattern: RegExp }> = [
  { column: 'stt', label: 'STT', pattern: /^(?:stt|so tt|tt)$/u },
  { column: 'title', label: 'Nhiệm vụ', pattern: /^(?:nhiem vu|noi dung)/u },
  { column: 'product', label: 'Sản phẩm', pattern: /^(?:san pham|ket qua)/u },
  { column: 'deadline', label: 'Tiến độ', pattern: /^(?:tien do|thoi gian|thoi han)/u },
  { column: 'assignment', label: 'Phân công', pattern: /^(?:phan cong|don vi (?:thuc hien|chu tri)|trach nhiem)/u },
];
/** Where each column is, and how many cells the header row has. */
export type ColumnMap = Readonly<Record<Column, number>> & { readonly width: number };

export function cellsOf(line: string): string[] {
  return line.split('\t').map((c) => c.trim());
}

/** A tab-separated row with an STT and a Nhiệm vụ cell: the table's header, first or repeated at a page break. */
export function isHeaderRow(line: string): boolean {
  if (!line.includes('\t')) return false;
  const cells = cellsOf(line).map(fold);
  return cells.some((c) => /^(?:stt|so tt)$/u.test(c)) && cells.some((c) => /^nhiem vu/u.test(c));
}

export function findHeaderRow(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i += 1) if (isHeaderRow(lines[i] ?? '')) return i;
  return -1;
}

/** Finds each column by its header text; a missing column fails, naming the line. */
export function mapColumns(line: string, lineNumber: number, fail: Fail): ColumnMap {
  const cells = cellsOf(line).map(fold);
  const map: Partial<Record<Column, number>> = {};
  const missing: FieldIssue[] = [];
  for (const { column, label, pattern } of COLUMNS) {
    const index = cells.findIndex((c) => pattern.test(c));
    if (index < 0)
      missing.push({
        path: `line ${lineNumber}`,
        message: `bảng thiếu cột “${label}” — the table has no “${label}” column`,
      });
    else map[column] = index;
  }
  if (missing.length > 0) return fail(missing);
  return { ...(map as Record<Column, number>), width: cells.length };
}
