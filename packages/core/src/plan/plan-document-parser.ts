import { type FieldIssue, ValidationError } from '../errors/cchc-error.ts';
import { fieldIssues } from '../errors/zod-issues.ts';
import { type PlanDefinition, planDefinitionSchema } from './plan-definition.ts';
import { fold, readLines } from './plan-document/document-lines.ts';
import type { ImportWarning } from './plan-document/import-warning.ts';
import { checkAppendixYear, readHead } from './plan-document/plan-head.ts';
import { readObjectives } from './plan-document/plan-objectives.ts';
import { readReportSchedule } from './plan-document/report-schedule.ts';
import { findHeaderRow } from './plan-document/table-columns.ts';
import { readTable } from './plan-document/task-table.ts';
import type { UnitRegistry } from './unit-registry.ts';

export type { ImportWarning } from './plan-document/import-warning.ts';

export interface ImportSummary {
  readonly source?: string;
  /** Set for a .docx or .xlsx (`importPlanFile`); a text file has none. */
  readonly format?: 'docx' | 'xlsx';
  /** Non-blank lines of the table, from its first header row to the end of the file. */
  readonly rowsRead: number;
  readonly tasks: number;
  readonly continuationRowsMerged: number;
  readonly headerRowsSkipped: number;
  readonly areaRows: number;
  /** Rows read but not used, each with a warning. rowsRead = tasks + continuationRowsMerged + headerRowsSkipped + areaRows + rowsRejected. */
  readonly rowsRejected: number;
  readonly warnings: number;
}

export interface PlanImport {
  readonly plan: PlanDefinition;
  readonly summary: ImportSummary;
  readonly warnings: ImportWarning[];
}

export interface ParsePlanDocumentOptions {
  /** File name, used in error messages and the summary. */
  readonly sourceName?: string;
}

/**
 * Imports a yearly CCHC plan from its text export (the appendix table tab-separated). Throws a
 * ValidationError when the text is not a readable plan; otherwise every row of the table ends up
 * in a task, a merged continuation, a skipped header or a warning.
 */
export function parsePlanDocument(
  text: string,
  registry: UnitRegistry,
  options: ParsePlanDocumentOptions = {},
): PlanImport {
  const what = {
    vi: `kế hoạch CCHC${options.sourceName ? ` (${options.sourceName})` : ''}`,
    en: `CCHC plan${options.sourceName ? ` (${options.sourceName})` : ''}`,
  };
  const fail = (issues: FieldIssue[]): never => {
    throw new ValidationError(what, issues);
  };

  const lines = readLines(text, fail);
  const warnings: ImportWarning[] = [];
  const warn = (w: ImportWarning): void => {
    warnings.push(w);
  };

  const appendixAt = lines.findIndex((l) => /^phu luc\b/u.test(fold(l)));
  const headerAt = findHeaderRow(lines, Math.max(appendixAt, 0));
  const head = readHead(lines, appendixAt >= 0 ? appendixAt : headerAt >= 0 ? headerAt : lines.length);

  const structural: FieldIssue[] = [];
  if (head.year === undefined) {
    structural.push({
      path: 'title',
      message:
        'không tìm thấy năm kế hoạch trong tiêu đề (“… năm 2025”) — plan year not found in the title (“… năm 2025”)',
    });
  }
  if (headerAt < 0) {
    structural.push({
      path: 'appendix',
      message:
        'không tìm thấy bảng phụ lục (dòng tiêu đề STT | Nhiệm vụ | Sản phẩm | Tiến độ | Phân công, cách nhau bằng tab) — no appendix table found (a tab-separated header row STT | Nhiệm vụ | Sản phẩm | Tiến độ | Phân công)',
    });
  }
  if (structural.length > 0 || head.year === undefined || head.title === undefined) return fail(structural);
  const year = head.year;
  warnings.push(...head.warnings);

  if (appendixAt >= 0) checkAppendixYear(lines, appendixAt, headerAt, year, warn);
  if (appendixAt < 0) {
    warn({
      line: headerAt + 1,
      code: 'APPENDIX_HEADING_MISSING',
      severity: 'info',
      message:
        'Không thấy tiêu đề “PHỤ LỤC”; đọc bảng nhiệm vụ từ dòng tiêu đề cột — no “PHỤ LỤC” heading; the task table was read from its header row',
    });
  }

  const objectives = readObjectives(lines, appendixAt >= 0 ? appendixAt : headerAt, warn);
  const reportSchedule = readReportSchedule(lines, appendixAt >= 0 ? appendixAt : headerAt, year, warn);
  const table = readTable(lines, headerAt, registry, year, warn, fail);

  if (table.tasks.length === 0) {
    return fail([
      {
        path: `line ${headerAt + 1}`,
        message: 'bảng phụ lục không có dòng nhiệm vụ nào — the appendix table holds no task rows',
      },
    ]);
  }

  const candidate = {
    planId: `cchc-${year}`,
    year,
    title: head.title,
    ...(head.issuer ? { issuer: head.issuer } : {}),
    ...(head.decisionRef ? { decisionRef: head.decisionRef } : {}),
    objectives,
    indicators: objectives.flatMap((o) => o.indicators),
    tasks: table.tasks,
    reportSchedule,
  };
  const parsed = planDefinitionSchema.safeParse(candidate);
  if (!parsed.success) return fail(fieldIssues(parsed.error));

  warnings.sort((a, b) => a.line - b.line);
  return {
    plan: parsed.data,
    summary: {
      ...(options.sourceName ? { source: options.sourceName } : {}),
      ...table.counts,
      tasks: table.tasks.length,
      warnings: warnings.length,
    },
    warnings,
  };
}
