import { collapseSpaces } from '../cell-text.ts';
import { fold } from './document-lines.ts';
import type { ImportWarning, Warn } from './import-warning.ts';

/** What the lines before the appendix say about the plan itself. */
export interface Head {
  readonly title?: string;
  readonly year?: number;
  readonly issuer?: string;
  readonly decisionRef?: string;
  readonly warnings: ImportWarning[];
}

/** Title (with the plan year), issuer and issuing decision, from the lines before `end`. */
export function readHead(lines: readonly string[], end: number): Head {
  const warnings: ImportWarning[] = [];
  const nonBlank = (from: number): number => {
    for (let i = from; i < end; i += 1) if ((lines[i] ?? '').trim() !== '') return i;
    return -1;
  };
  const headingAt = lines.slice(0, end).findIndex((l) => fold(l) === 'ke hoach');
  const titleAt =
    headingAt >= 0
      ? nonBlank(headingAt + 1)
      : lines.slice(0, end).findIndex((l) => /^ke hoach\b.*\bnam \d{4}\b/u.test(fold(l)));
  if (titleAt < 0) return { warnings };
  const title = collapseSpaces(lines[titleAt] ?? '');
  const yearMatch = /\bnăm\s+(\d{4})\b/iu.exec(title);
  const head: { title: string; year?: number; issuer?: string; decisionRef?: string } = { title };
  if (yearMatch) head.year = Number(yearMatch[1]);

  const issuedAt = lines
    .slice(titleAt + 1, Math.min(end, titleAt + 6))
    .findIndex((l) => /ban hanh kem theo/u.test(fold(l)));
  if (issuedAt >= 0) {
    const first = titleAt + 1 + issuedAt;
    let joined = '';
    for (let i = first; i < end && i < first + 4; i += 1) {
      joined += ` ${lines[i] ?? ''}`;
      if (joined.includes(')')) break;
    }
    const inner = collapseSpaces(joined.replace(/[*_]/gu, '')).replace(/^\(/u, '').replace(/\).*$/u, '');
    const m = /^ban hành kèm theo\s+(.+?)\s+của\s+(.+)$/iu.exec(inner);
    if (m?.[1] && m[2]) {
      head.decisionRef = m[1].trim();
      head.issuer = m[2].trim();
      if (/\bsố\s*\//iu.test(head.decisionRef) || /ngày\s*\//iu.test(head.decisionRef)) {
        warnings.push({
          line: first + 1,
          code: 'DECISION_REF_INCOMPLETE',
          severity: 'info',
          message: `Số hoặc ngày của quyết định ban hành còn để trống: “${head.decisionRef}” — the issuing decision's number or date is blank: “${head.decisionRef}”`,
        });
      }
    }
  }
  return { ...head, warnings };
}

/** Warns about each year in the appendix heading that is not the plan's. */
export function checkAppendixYear(
  lines: readonly string[],
  appendixAt: number,
  headerAt: number,
  year: number,
  warn: Warn,
): void {
  for (let i = appendixAt; i < headerAt; i += 1) {
    for (const m of (lines[i] ?? '').matchAll(/\bnăm\s+(\d{4})\b/giu)) {
      if (Number(m[1]) !== year) {
        warn({
          line: i + 1,
          code: 'APPENDIX_YEAR_MISMATCH',
          severity: 'warning',
          message: `Tiêu đề phụ lục ghi năm ${m[1]} nhưng kế hoạch là năm ${year}; giữ năm ${year} theo tiêu đề kế hoạch — the appendix heading says ${m[1]} but the plan is for ${year}; kept ${year} from the plan title`,
        });
      }
    }
  }
}
