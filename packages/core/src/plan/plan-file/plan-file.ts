import { type FieldIssue, ValidationError } from '../../errors/cchc-error.ts';
import { type PlanImport, parsePlanDocument } from '../plan-document-parser.ts';
import type { UnitRegistry } from '../unit-registry.ts';
import { OoxmlPackageError } from './ooxml-package.ts';
import { detectFileKind, type FileKind, refusalOf } from './plan-file-kind.ts';
import { docxLines, type PlanFileLines, xlsxLines } from './plan-file-lines.ts';

export type PlanFileFormat = 'text' | 'docx' | 'xlsx';

export interface ImportPlanFileOptions {
  /** File name, used in messages and the summary. */
  readonly sourceName?: string;
}

const FORMAT_NAMES: Record<'docx' | 'xlsx', { vi: string; en: string }> = {
  docx: { vi: 'tài liệu Word (.docx)', en: 'Word document (.docx)' },
  xlsx: { vi: 'bảng tính Excel (.xlsx)', en: 'Excel workbook (.xlsx)' },
};

/**
 * Imports a plan from a file's bytes: text (UTF-8, or UTF-16 with its byte order mark), a Word
 * .docx or an Excel .xlsx. Any other kind is refused with a ValidationError that names the kind
 * and says how to convert it. Warnings and errors from a .docx or .xlsx say where in the file
 * (table and row, sheet and row); their `line` counts the file's paragraphs and table rows.
 */
export async function importPlanFile(
  bytes: Uint8Array,
  registry: UnitRegistry,
  options: ImportPlanFileOptions = {},
): Promise<PlanImport & { readonly format: PlanFileFormat }> {
  const name = options.sourceName ?? 'tệp/file';
  const what = {
    vi: `kế hoạch CCHC${options.sourceName ? ` (${options.sourceName})` : ''}`,
    en: `CCHC plan${options.sourceName ? ` (${options.sourceName})` : ''}`,
  };
  const kind = detectFileKind(bytes, name);
  const refusal = refusalOf(kind, name);
  if (refusal !== undefined) throw new ValidationError(what, [{ path: 'file', message: refusal }]);
  const format: PlanFileFormat = kind === 'docx' || kind === 'xlsx' ? kind : 'text';
  if (format === 'text') {
    const result = parsePlanDocument(decodeText(bytes, kind), registry, options);
    return { ...result, format };
  }
  const lines = await structuredLines(bytes, format, name, what);
  const at = (line: number): string => lines.locations[line - 1] ?? `dòng ${line} — line ${line}`;
  try {
    const result = parsePlanDocument(lines.text, registry, options);
    return {
      ...result,
      summary: { ...result.summary, format },
      warnings: result.warnings.map((w) => ({ ...w, at: at(w.line) })),
      format,
    };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      what,
      error.issues.map((issue) => (issue.path === 'appendix' ? noAppendix(format) : located(issue, at))),
    );
  }
}

async function structuredLines(
  bytes: Uint8Array,
  format: 'docx' | 'xlsx',
  name: string,
  what: { vi: string; en: string },
): Promise<PlanFileLines> {
  try {
    return format === 'docx' ? docxLines(bytes) : await xlsxLines(bytes);
  } catch (error) {
    if (!(error instanceof OoxmlPackageError)) throw error;
    const kindName = FORMAT_NAMES[format];
    throw new ValidationError(what, [
      {
        path: 'file',
        message:
          `${name} trông như ${kindName.vi} nhưng không đọc được (${error.message}); tệp có thể bị hỏng: mở và lưu lại bằng Word/Excel rồi nhập lại — ` +
          `${name} looks like a ${kindName.en} but cannot be read (${error.message}); it may be damaged: open and save it again in Word/Excel, then import it`,
      },
    ]);
  }
}

function decodeText(bytes: Uint8Array, kind: FileKind): string {
  if (kind !== 'utf16-text') return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
}

function located(issue: FieldIssue, at: (line: number) => string): FieldIssue {
  const line = /^line (\d+)$/u.exec(issue.path);
  return line ? { path: at(Number(line[1])), message: issue.message } : issue;
}

/** The text parser asks for a tab-separated header row; in a .docx or .xlsx the header is cells. */
function noAppendix(format: 'docx' | 'xlsx'): FieldIssue {
  const where =
    format === 'docx' ? { vi: 'một bảng Word', en: 'a Word table' } : { vi: 'một trang tính', en: 'a sheet' };
  return {
    path: 'appendix',
    message:
      `không tìm thấy bảng phụ lục: cần ${where.vi} có hàng tiêu đề STT | Nhiệm vụ | Sản phẩm | Tiến độ | Phân công, mỗi tiêu đề một ô — ` +
      `no appendix table: ${where.en} with a header row STT | Nhiệm vụ | Sản phẩm | Tiến độ | Phân công, one heading a cell, is needed`,
  };
}
