import { type FieldIssue, ValidationError } from '../errors/cchc-error.ts';
import { fieldIssues } from '../errors/zod-issues.ts';
import { AREAS, type Area, type ReportPeriod } from '../events/domain/common.ts';
import { parseAssignment } from './assignment-text.ts';
import { cleanCellText, collapseSpaces } from './cell-text.ts';
import { parseDeadline } from './deadline-grammar.ts';
import {
  type IndicatorDefinition,
  type Objective,
  PLAN_AREA_TITLES,
  type PlanDefinition,
  type PlanTask,
  planDefinitionSchema,
  type ReportDue,
} from './plan-definition.ts';
import { foldText, type UnitRegistry } from './unit-registry.ts';

export interface ImportWarning {
  /** 1-based line in the source file. */
  readonly line: number;
  /** The task id, when the warning is about one task. */
  readonly row?: string;
  readonly code: string;
  /** `info`: the importer did something worth checking (fixed a typo, merged a row); `warning`: a human must act. */
  readonly severity: 'info' | 'warning';
  /** Vietnamese first, then English: "vi — en". */
  readonly message: string;
}

export interface ImportSummary {
  readonly source?: string;
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

type Column = 'stt' | 'title' | 'product' | 'deadline' | 'assignment';
const COLUMNS: ReadonlyArray<{ column: Column; label: string; pattern: RegExp }> = [
  { column: 'stt', label: 'STT', pattern: /^(?:stt|so tt|tt)$/u },
  { column: 'title', label: 'Nhiệm vụ', pattern: /^(?:nhiem vu|noi dung)/u },
  { column: 'product', label: 'Sản phẩm', pattern: /^(?:san pham|ket qua)/u },
  { column: 'deadline', label: 'Tiến độ', pattern: /^(?:tien do|thoi gian|thoi han)/u },
  { column: 'assignment', label: 'Phân công', pattern: /^(?:phan cong|don vi (?:thuc hien|chu tri)|trach nhiem)/u },
];
/** Where each column is, and how many cells the header row has. */
type ColumnMap = Readonly<Record<Column, number>> & { readonly width: number };

/** Known misspellings in plan documents; fixed with an info warning so nobody is surprised. */
const KNOWN_TYPOS: ReadonlyArray<{ wrong: string; right: string }> = [
  { wrong: 'Công dữ liệu', right: 'Cổng dữ liệu' },
  { wrong: 'Công dịch vụ công', right: 'Cổng dịch vụ công' },
  { wrong: 'Công thông tin điện tử', right: 'Cổng thông tin điện tử' },
  { wrong: 'Công tham vấn', right: 'Cổng tham vấn' },
  { wrong: 'trực tuyển', right: 'trực tuyến' },
  { wrong: 'đầu mỗi', right: 'đầu mối' },
];

/** An area row: "I" (title in the next cell) or "I. Cải cách thể chế" in one cell. */
const ROMAN = /^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.?(?:\s+(.+))?$/u;

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

function fold(line: string): string {
  return foldText(collapseSpaces(line));
}

// ---------------------------------------------------------------------------------------------
// Input checks

function readLines(text: string, fail: (issues: FieldIssue[]) => never): string[] {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body.trim() === '') return fail([{ path: 'file', message: 'tệp rỗng — the file is empty' }]);
  const raw = body.split(/\r\n|\r|\n/u);
  raw.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line.includes('\u0000'))
      fail([
        { path: at, message: 'chứa byte NUL, có lẽ là tệp nhị phân — contains NUL bytes; is this a binary file?' },
      ]);
    if (line.includes('\ufffd'))
      fail([
        {
          path: at,
          message:
            'chứa ký tự lỗi (U+FFFD), tệp không phải UTF-8 hợp lệ — contains U+FFFD; the file is not valid UTF-8',
        },
      ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark a binary file
    if (/[\u0001-\u0008\u000e-\u001f\u007f]/u.test(line))
      fail([
        {
          path: at,
          message: 'chứa ký tự điều khiển, có lẽ là tệp nhị phân — contains control characters; is this a binary file?',
        },
      ]);
  });
  return raw.map((line) => line.normalize('NFC'));
}

// ---------------------------------------------------------------------------------------------
// Title, issuer, objectives, report schedule

interface Head {
  readonly title?: string;
  readonly year?: number;
  readonly issuer?: string;
  readonly decisionRef?: string;
  readonly warnings: ImportWarning[];
}

function readHead(lines: readonly string[], end: number): Head {
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

function checkAppendixYear(
  lines: readonly string[],
  appendixAt: number,
  headerAt: number,
  year: number,
  warn: (w: ImportWarning) => void,
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

interface Paragraph {
  readonly line: number;
  readonly text: string;
}

/** Numbered items (1., 2., …) and their lettered sub-items (a), b), …, đ)) of section I. */
function readObjectives(lines: readonly string[], end: number, warn: (w: ImportWarning) => void): Objective[] {
  const startAt = lines.slice(0, end).findIndex((l) => /^I\.\s+\S/u.test(l.trim()));
  if (startAt < 0) {
    warn({
      line: 1,
      code: 'OBJECTIVES_MISSING',
      severity: 'warning',
      message:
        'Không thấy mục “I. MỤC TIÊU”; kế hoạch không có mục tiêu, chỉ tiêu — no section “I. MỤC TIÊU”; the plan has no objectives or indicators',
    });
    return [];
  }
  let stopAt = lines.slice(startAt + 1, end).findIndex((l) => /^II\.\s+\S/u.test(l.trim()));
  stopAt = stopAt < 0 ? end : startAt + 1 + stopAt;

  interface Item {
    id: string;
    parentId?: string;
    parts: Paragraph[];
  }
  const items: Item[] = [];
  let current: Item | undefined;
  let parentNumber: string | undefined;
  for (let i = startAt + 1; i < stopAt; i += 1) {
    const text = collapseSpaces(lines[i] ?? '');
    if (text === '') continue;
    const numbered = /^(\d+)\.\s+(.*)$/u.exec(text);
    const lettered = /^([a-zđ])\)\s+(.*)$/u.exec(text);
    if (numbered?.[1] && numbered[2] !== undefined) {
      parentNumber = numbered[1];
      current = { id: `OBJ-${parentNumber}`, parts: [{ line: i + 1, text: numbered[2] }] };
      items.push(current);
    } else if (lettered?.[1] && lettered[2] !== undefined && parentNumber !== undefined) {
      current = {
        id: `OBJ-${parentNumber}${lettered[1]}`,
        parentId: `OBJ-${parentNumber}`,
        parts: [{ line: i + 1, text: lettered[2] }],
      };
      items.push(current);
    } else if (current !== undefined && /^\p{Ll}/u.test(text)) {
      // A paragraph starting in lower case continues the item above it (a line broken by the export).
      current.parts.push({ line: i + 1, text });
    } else {
      current = undefined;
    }
  }

  return items.map((item) => {
    const { text, lineAt } = joinParts(item.parts);
    const fixed = fixTypos(text, (wrong, right, index) =>
      warn(typoWarning(lineAt(index), undefined, wrong, right, `mục tiêu ${item.id}`, `objective ${item.id}`)),
    );
    return {
      id: item.id,
      ...(item.parentId ? { parentId: item.parentId } : {}),
      text: fixed,
      indicators: readIndicators(item.id, fixed),
    };
  });
}

function joinParts(parts: readonly Paragraph[]): { text: string; lineAt: (index: number) => number } {
  let text = '';
  const starts: Array<{ at: number; line: number }> = [];
  for (const part of parts) {
    if (text !== '') text += ' ';
    starts.push({ at: text.length, line: part.line });
    text += part.text;
  }
  const lineAt = (index: number): number =>
    [...starts].reverse().find((s) => s.at <= index)?.line ?? parts[0]?.line ?? 1;
  return { text, lineAt };
}

const PERCENT = /(\d+(?:[.,]\d+)?)\s*%/gu;
const QUALIFIERS: ReadonlyArray<readonly [RegExp, IndicatorDefinition['comparator']]> = [
  [/(?:ít nhất|tối thiểu|không dưới|không thấp hơn)\s*$/iu, '>='],
  [/(?:tối đa|không quá|không vượt quá|không cao hơn)\s*$/iu, '<='],
  [/(?:trên|hơn|vượt)\s*$/iu, '>'],
  [/(?:dưới)\s*$/iu, '<'],
];

/**
 * Every "N%" of an objective becomes an indicator. "ít nhất N%" is ≥, "trên N%" is >, and a bare
 * "N%" is a level to reach (≥): "100% …" and "giảm 15% đầu mối" (a cut of at least 15%, so ≥ 15
 * with direction decrease). A cut ("giảm", "cắt giảm") or an upper bound makes direction decrease.
 */
function readIndicators(objectiveId: string, text: string): IndicatorDefinition[] {
  const matches = [...text.matchAll(PERCENT)];
  const found = matches.map((m) => {
    const before = text.slice(0, m.index);
    const qualifier = QUALIFIERS.find(([pattern]) => pattern.test(before));
    const qualifierStart = qualifier ? before.search(qualifier[0]) : m.index;
    return {
      index: m.index,
      end: m.index + m[0].length,
      qualifierStart,
      target: Number((m[1] ?? '').replace(',', '.')),
      comparator: qualifier?.[1] ?? '>=',
    };
  });
  const base = objectiveId.replace(/^OBJ-/u, 'IND-');
  return found.map((f, k) => {
    const previous = found[k - 1];
    const next = found[k + 1];
    const start = previous === undefined ? 0 : clauseStart(text, previous.end, f.qualifierStart);
    const end = next === undefined ? text.length : clauseStart(text, f.end, next.qualifierStart);
    const clauseBefore = text.slice(clauseStart(text, previous?.end ?? 0, f.qualifierStart), f.index);
    const decrease =
      /(?<!\p{L})(?:cắt giảm|giảm)(?!\p{L})/iu.test(clauseBefore) || f.comparator === '<' || f.comparator === '<=';
    return {
      id: found.length === 1 ? base : `${base}-${k + 1}`,
      text: tidyClause(text.slice(start, end)),
      comparator: f.comparator,
      target: f.target,
      unit: '%' as const,
      direction: decrease ? ('decrease' as const) : ('increase' as const),
    };
  });
}

/** Just after the last comma or semicolon in [from, to), or `from` when there is none. */
function clauseStart(text: string, from: number, to: number): number {
  const slice = text.slice(from, to);
  const at = Math.max(slice.lastIndexOf(','), slice.lastIndexOf(';'));
  return at < 0 ? from : from + at + 1;
}

function tidyClause(clause: string): string {
  return clause
    .trim()
    .replace(/^[,;.\s]+/u, '')
    .replace(/[,;.\s]+$/u, '')
    .replace(/[,;\s]+trong đó$/iu, '')
    .trim();
}

const REPORT_PERIOD: ReadonlyArray<readonly [RegExp, ReportPeriod | undefined]> = [
  [/^quý\s+(?:i|1)$/iu, 'Q1'],
  [/^quý\s+(?:ii|2)$/iu, undefined],
  [/^quý\s+(?:iii|3)$/iu, 'Q3'],
  [/^quý\s+(?:iv|4)$/iu, undefined],
  [/^(?:6|sáu)\s+tháng(?:\s+đầu\s+năm)?$/iu, 'H1'],
  [/^(?:cả\s+)?năm$/iu, 'Y'],
];

/** The periodic report deadlines: "báo cáo định kỳ (quý I trước ngày 10/3/2025; 6 tháng trước …)". */
function readReportSchedule(
  lines: readonly string[],
  end: number,
  year: number,
  warn: (w: ImportWarning) => void,
): ReportDue[] {
  const at = lines.slice(0, end).findIndex((l) => /bao cao dinh ky\s*\(/u.test(fold(l)));
  if (at < 0) {
    warn({
      line: 1,
      code: 'REPORT_SCHEDULE_MISSING',
      severity: 'warning',
      message:
        'Không thấy lịch “báo cáo định kỳ (…)”; cần nhập hạn báo cáo thủ công — no “báo cáo định kỳ (…)” schedule found; enter the report deadlines by hand',
    });
    return [];
  }
  const line = collapseSpaces(lines[at] ?? '');
  const open = line.search(/báo cáo định kỳ\s*\(/iu);
  const inner = line.slice(line.indexOf('(', open) + 1).replace(/\).*$/u, '');
  const schedule: ReportDue[] = [];
  for (const entry of inner
    .split(/[;,]/u)
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const m = /^(.+?)\s+((?:trước|chậm nhất|hạn)\b.*)$/iu.exec(entry);
    const periodText = m?.[1]?.trim() ?? entry;
    const known = REPORT_PERIOD.find(([pattern]) => pattern.test(periodText));
    const deadline = m?.[2] ? parseDeadline(m[2], year) : undefined;
    if (known === undefined || m === undefined || deadline === undefined) {
      warn({
        line: at + 1,
        code: 'REPORT_ENTRY_UNREADABLE',
        severity: 'warning',
        message: `Không đọc được kỳ báo cáo “${entry}” — could not read the report entry “${entry}”`,
      });
      continue;
    }
    const period = known[1];
    if (period === undefined) {
      warn({
        line: at + 1,
        code: 'REPORT_PERIOD_UNSUPPORTED',
        severity: 'warning',
        message: `Kỳ báo cáo “${periodText}” chưa được hỗ trợ (chỉ quý I, 6 tháng, quý III, năm) — report period “${periodText}” is not supported (only Q1, H1, Q3, Y)`,
      });
      continue;
    }
    if (deadline.kind !== 'date') {
      warn({
        line: at + 1,
        code: 'REPORT_DUE_UNPARSED',
        severity: 'warning',
        message: `Không đọc được hạn báo cáo “${entry}” — could not read the report due date in “${entry}”`,
      });
      continue;
    }
    if (schedule.some((s) => s.period === period)) {
      warn({
        line: at + 1,
        code: 'REPORT_PERIOD_DUPLICATE',
        severity: 'warning',
        message: `Kỳ báo cáo “${periodText}” được nêu hai lần; giữ lần đầu — report period “${periodText}” is given twice; kept the first`,
      });
      continue;
    }
    if (Number(deadline.due.slice(0, 4)) !== year) {
      warn({
        line: at + 1,
        code: 'REPORT_DUE_OUTSIDE_PLAN_YEAR',
        severity: 'info',
        message: `Hạn báo cáo “${entry}” không thuộc năm ${year} — report due date “${entry}” is outside ${year}`,
      });
    }
    schedule.push({ period, due: deadline.due });
  }
  return schedule;
}

// ---------------------------------------------------------------------------------------------
// The appendix table

function cellsOf(line: string): string[] {
  return line.split('\t').map((c) => c.trim());
}

function isHeaderRow(line: string): boolean {
  if (!line.includes('\t')) return false;
  const cells = cellsOf(line).map(fold);
  return cells.some((c) => /^(?:stt|so tt)$/u.test(c)) && cells.some((c) => /^nhiem vu/u.test(c));
}

function findHeaderRow(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i += 1) if (isHeaderRow(lines[i] ?? '')) return i;
  return -1;
}

function mapColumns(line: string, lineNumber: number, fail: (issues: FieldIssue[]) => never): ColumnMap {
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

interface TaskDraft {
  readonly area: Area;
  readonly row: number;
  readonly id: string;
  readonly cells: Record<Exclude<Column, 'stt'>, string>;
  readonly lines: number[];
}

interface TableCounts {
  readonly rowsRead: number;
  readonly continuationRowsMerged: number;
  readonly headerRowsSkipped: number;
  readonly areaRows: number;
  readonly rowsRejected: number;
}

function readTable(
  lines: readonly string[],
  headerAt: number,
  registry: UnitRegistry,
  year: number,
  warn: (w: ImportWarning) => void,
  fail: (issues: FieldIssue[]) => never,
): { tasks: PlanTask[]; counts: TableCounts } {
  let columns = mapColumns(lines[headerAt] ?? '', headerAt + 1, fail);
  const drafts: TaskDraft[] = [];
  let area: Area | undefined;
  let last: TaskDraft | undefined;
  let lastSttInArea = 0;
  const counts = { rowsRead: 0, continuationRowsMerged: 0, headerRowsSkipped: 0, areaRows: 0, rowsRejected: 0 };
  const reject = (line: number, code: string, message: string): void => {
    counts.rowsRejected += 1;
    warn({ line, code, severity: 'warning', message });
  };

  for (let i = headerAt; i < lines.length; i += 1) {
    const raw = lines[i] ?? '';
    const lineNumber = i + 1;
    if (raw.trim() === '') continue;
    counts.rowsRead += 1;
    const excerpt = shorten(cleanCellText(raw.replace(/\t+/gu, ' | ')));

    if (isHeaderRow(raw)) {
      counts.headerRowsSkipped += 1;
      columns = mapColumns(raw, lineNumber, fail);
      continue;
    }
    if (!raw.includes('\t')) {
      reject(
        lineNumber,
        'ROW_NOT_IN_TABLE',
        `Dòng không thuộc bảng (không có cột), đã bỏ qua: “${excerpt}” — line is not a table row (no columns), skipped: “${excerpt}”`,
      );
      continue;
    }

    const cells = cellsOf(raw);
    const width = columns.width;
    if (cells.length > width && cells.slice(width).some((c) => c !== '')) {
      warn({
        line: lineNumber,
        code: 'EXTRA_CELLS',
        severity: 'warning',
        message: `Dòng có nhiều cột hơn tiêu đề; phần thừa được nối vào cột cuối — the row has more cells than the header; the extra text was appended to the last column`,
      });
      const lastColumn = width - 1;
      cells[lastColumn] = [cells[lastColumn] ?? '', ...cells.slice(width)].filter((c) => c !== '').join(' ');
      cells.length = width;
    }
    const cell = (column: Column): string => cells[columns[column]] ?? '';
    const stt = cleanCellText(cell('stt'));
    const content = {
      title: cell('title'),
      product: cell('product'),
      deadline: cell('deadline'),
      assignment: cell('assignment'),
    };
    const hasContent = Object.values(content).some((c) => cleanCellText(c) !== '');
    const mapped = new Set(COLUMNS.map(({ column }) => columns[column]));
    const unmapped = cells.filter((c, index) => !mapped.has(index) && cleanCellText(c) !== '').map(cleanCellText);
    if (unmapped.length > 0) {
      const ignored = shorten(unmapped.join(' | '));
      warn({
        line: lineNumber,
        code: 'UNMAPPED_CELL_IGNORED',
        severity: 'warning',
        message: `Nội dung ở cột không thuộc bảng chuẩn đã bị bỏ qua: “${ignored}” — text in a column outside the standard table was ignored: “${ignored}”`,
      });
    }

    const roman = ROMAN.exec(stt);
    if (roman?.[1]) {
      last = undefined;
      lastSttInArea = 0;
      const numeral = roman[1];
      if (!(AREAS as readonly string[]).includes(numeral)) {
        area = undefined;
        reject(
          lineNumber,
          'UNKNOWN_AREA',
          `Lĩnh vực “${numeral}” không thuộc I–VII; các nhiệm vụ bên dưới sẽ bị bỏ qua — area “${numeral}” is not one of I–VII; the tasks under it are skipped`,
        );
        continue;
      }
      area = numeral as Area;
      counts.areaRows += 1;
      const areaTitle = cleanCellText(roman[2] ?? content.title);
      const expected = PLAN_AREA_TITLES[area];
      if (!fold(areaTitle).includes(fold(expected.vi))) {
        warn({
          line: lineNumber,
          code: 'AREA_TITLE_MISMATCH',
          severity: 'warning',
          message: `Lĩnh vực ${area} có tên “${areaTitle}”, khác tên chuẩn “${expected.vi}” — area ${area} is titled “${areaTitle}”, not the standard “${expected.vi}”`,
        });
      }
      const stray = [roman[2] === undefined ? '' : content.title, content.product, content.deadline, content.assignment]
        .map(cleanCellText)
        .filter((c) => c !== '');
      if (stray.length > 0) {
        warn({
          line: lineNumber,
          code: 'AREA_ROW_TEXT_IGNORED',
          severity: 'warning',
          message: `Dòng lĩnh vực ${area} có nội dung ở các cột khác, đã bỏ qua: “${shorten(stray.join(' | '))}” — area row ${area} has text in other columns, ignored: “${shorten(stray.join(' | '))}”`,
        });
      }
      continue;
    }

    const numbered = /^(\d+)\.?$/u.exec(stt);
    if (numbered?.[1]) {
      const row = Number(numbered[1]);
      if (area === undefined) {
        last = undefined;
        reject(
          lineNumber,
          'ROW_WITHOUT_AREA',
          `Nhiệm vụ STT ${row} không thuộc lĩnh vực nào (I–VII), đã bỏ qua: “${excerpt}” — task ${row} is under no area (I–VII), skipped: “${excerpt}”`,
        );
        continue;
      }
      const id = `${area}.${row}`;
      if (drafts.some((d) => d.id === id)) {
        last = undefined;
        reject(
          lineNumber,
          'DUPLICATE_TASK',
          `Trùng mã nhiệm vụ ${id}, dòng này bị bỏ qua: “${excerpt}” — duplicate task ${id}, this row is skipped: “${excerpt}”`,
        );
        continue;
      }
      if (row !== lastSttInArea + 1) {
        warn({
          line: lineNumber,
          row: id,
          code: 'STT_OUT_OF_SEQUENCE',
          severity: 'info',
          message: `STT ${row} không liền sau ${lastSttInArea} trong lĩnh vực ${area} — row number ${row} does not follow ${lastSttInArea} in area ${area}`,
        });
      }
      lastSttInArea = row;
      last = { area, row, id, cells: { ...content }, lines: [lineNumber] };
      drafts.push(last);
      continue;
    }

    if (stt === '' && hasContent) {
      if (last === undefined) {
        reject(
          lineNumber,
          'ORPHAN_CONTINUATION',
          `Dòng tiếp nối không có nhiệm vụ phía trên để ghép, đã bỏ qua: “${excerpt}” — continuation row with no task above it, skipped: “${excerpt}”`,
        );
        continue;
      }
      for (const column of ['title', 'product', 'deadline', 'assignment'] as const) {
        if (content[column].trim() !== '') last.cells[column] = `${last.cells[column]} ${content[column]}`;
      }
      last.lines.push(lineNumber);
      counts.continuationRowsMerged += 1;
      warn({
        line: lineNumber,
        row: last.id,
        code: 'CONTINUATION_MERGED',
        severity: 'info',
        message: `Dòng tiếp nối (sang trang) được ghép vào nhiệm vụ ${last.id} — continuation row (page break) merged into task ${last.id}`,
      });
      continue;
    }

    if (stt === '' && !hasContent) {
      counts.rowsRejected += 1;
      continue;
    }
    reject(
      lineNumber,
      'UNRECOGNIZED_ROW',
      `Không nhận ra dòng (STT “${stt}”), đã bỏ qua: “${excerpt}” — unrecognised row (STT “${stt}”), skipped: “${excerpt}”`,
    );
  }

  return { tasks: drafts.map((d) => buildTask(d, registry, year, warn)), counts };
}

function buildTask(draft: TaskDraft, registry: UnitRegistry, year: number, warn: (w: ImportWarning) => void): PlanTask {
  const line = draft.lines[0] ?? 1;
  const at = (w: Omit<ImportWarning, 'line' | 'row'>): void => warn({ line, row: draft.id, ...w });
  const fix = (text: string, vi: string, en: string): string =>
    fixTypos(text, (wrong, right) => warn(typoWarning(line, draft.id, wrong, right, vi, en)));

  let title = fix(cleanCellText(draft.cells.title), `tên nhiệm vụ ${draft.id}`, `the title of task ${draft.id}`);
  if (title === '') {
    at({
      code: 'EMPTY_TITLE',
      severity: 'warning',
      message: `Nhiệm vụ ${draft.id} không có tên — task ${draft.id} has no title`,
    });
    title = `(chưa có tên nhiệm vụ ${draft.id})`;
  }
  const product = fix(
    cleanCellText(draft.cells.product),
    `sản phẩm của nhiệm vụ ${draft.id}`,
    `the product of task ${draft.id}`,
  );
  if (product === '')
    at({
      code: 'EMPTY_PRODUCT',
      severity: 'warning',
      message: `Nhiệm vụ ${draft.id} không ghi sản phẩm — task ${draft.id} has no product`,
    });

  const deadline = parseDeadline(cleanCellText(draft.cells.deadline), year);
  if (deadline.kind === 'unparsed') at({ code: 'DEADLINE_UNPARSED', severity: 'warning', message: deadline.warning });
  if (deadline.kind === 'date' && Number(deadline.due.slice(0, 4)) !== year) {
    at({
      code: 'DEADLINE_OUTSIDE_PLAN_YEAR',
      severity: 'info',
      message: `Hạn ${deadline.due} của nhiệm vụ ${draft.id} ngoài năm kế hoạch ${year} — task ${draft.id} is due ${deadline.due}, outside plan year ${year}`,
    });
  }

  const assignmentText = cleanCellText(draft.cells.assignment);
  const assignment = parseAssignment(assignmentText, registry);
  for (const issue of assignment.issues) at({ code: issue.code, severity: issue.severity, message: issue.message });

  return {
    id: draft.id,
    area: draft.area,
    row: draft.row,
    title,
    product,
    deadline,
    lead: assignment.lead,
    coordinators: assignment.coordinators,
    ...(assignment.leadScope ? { leadScope: assignment.leadScope } : {}),
    ...(assignment.coordinatorScope ? { coordinatorScope: assignment.coordinatorScope } : {}),
    assignmentText,
    sourceLines: draft.lines,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function fixTypos(text: string, report: (wrong: string, right: string, index: number) => void): string {
  let out = text;
  for (const { wrong, right } of KNOWN_TYPOS) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wrong)}(?![\\p{L}\\p{N}])`, 'gu');
    out = out.replace(pattern, (match: string, index: number) => {
      report(match, right, index);
      return right;
    });
  }
  return out;
}

function typoWarning(
  line: number,
  row: string | undefined,
  wrong: string,
  right: string,
  whereVi: string,
  whereEn: string,
): ImportWarning {
  return {
    line,
    ...(row ? { row } : {}),
    code: 'TYPO_FIXED',
    severity: 'info',
    message: `Đã sửa lỗi chính tả “${wrong}” thành “${right}” trong ${whereVi} — fixed the typo “${wrong}” to “${right}” in ${whereEn}`,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
