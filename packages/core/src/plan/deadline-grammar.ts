import { z } from 'zod';
import { localDateSchema } from '../events/domain/common.ts';
import { isLocalDate } from '../time/local-time.ts';
import { collapseSpaces } from './cell-text.ts';

export const CADENCES = ['monthly', 'quarterly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

/**
 * The "Tiến độ" cell of a plan task, read into one of four shapes. `text` is always the phrase as
 * written (trimmed). A `date` is the last local day (Asia/Ho_Chi_Minh) on which the task is on time.
 */
export const deadlineSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), due: localDateSchema, text: z.string() }),
  z.object({ kind: z.literal('ongoing'), text: z.string(), cadence: z.enum(CADENCES).optional() }),
  z.object({ kind: z.literal('conditional'), text: z.string(), condition: z.string().min(1) }),
  z.object({ kind: z.literal('unparsed'), text: z.string(), warning: z.string().min(1) }),
]);
export type DeadlineSpec = z.infer<typeof deadlineSpecSchema>;

const QUARTER_END: Record<number, string> = { 1: '03-31', 2: '06-30', 3: '09-30', 4: '12-31' };
const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** Separates a period from its year: "Quý II/2025", "Quý II - 2025", "Quý II năm 2025". */
const YEAR_SUFFIX = String.raw`(?:\s*[/-]\s*|\s+năm\s+)(\d{4})`;

const QUARTER = new RegExp(String.raw`^(?:trong\s+)?quý\s+(iv|iii|ii|i|[1-4])(?:${YEAR_SUFFIX})?$`, 'u');
const MONTH = new RegExp(String.raw`^(?:trong\s+)?tháng\s+(\d{1,2})(?:${YEAR_SUFFIX})?$`, 'u');
const YEAR = /^(?:trong\s+)?năm(?:\s+(\d{4}))?$/u;
const HALF = /^(?:trong\s+)?(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?$/u;
/**
 * "Trước ngày 30/9/2025", "Trước 15/12/2025", "Chậm nhất ngày …", "Hạn …" and a bare date.
 * "Trước ngày X" is read as due X (the end of that local day), not X − 1: Vietnamese administrative
 * texts use it for "by X" (reports "trước ngày 10/3" are accepted on the 10th).
 */
const DATE =
  /^(?:(?:trước|chậm\s+nhất(?:\s+là)?|hạn(?:\s+chót)?|đến|hoàn\s+thành\s+trước)\s+)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?$/u;

const CADENCE = /^(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(tháng|quý|năm)(?=$|[\s,;.(])/u;
const CADENCE_OF: Record<string, Cadence> = { tháng: 'monthly', quý: 'quarterly', năm: 'yearly' };
const ONGOING = /^(?:thực\s+hiện\s+)?(?:thường\s+xuyên|liên\s+tục)(?=$|[\s,;.(])/u;

const CONDITIONAL =
  /^(?:theo\s+(?:chỉ\s+đạo|tiến\s+độ|hướng\s+dẫn|kế\s+hoạch|yêu\s+cầu|lộ\s+trình|đề\s+nghị)|(?:ngay\s+)?sau\s+khi|khi)(?=$|[\s,;.(])/u;

/**
 * Reads a "Tiến độ" phrase. Never guesses: whatever is not one of the known shapes, and any date
 * that does not exist on the calendar, comes back `unparsed` with a warning. A phrase without a year
 * ("Quý II") takes `planYear`; without `planYear` it is unparsed.
 */
export function parseDeadline(text: string, planYear?: number): DeadlineSpec {
  const written = text.trim();
  const phrase = collapseSpaces(text)
    .replace(/[.;,]+$/u, '')
    .trim();
  const key = phrase.toLowerCase();

  if (key === '') return unparsed(written, 'Tiến độ trống — the deadline is empty');

  const yearOf = (digits: string | undefined): number | string => {
    if (digits !== undefined) return Number(digits);
    if (planYear !== undefined) return planYear;
    return `Tiến độ “${phrase}” không ghi năm và không có năm kế hoạch — the deadline “${phrase}” has no year and no plan year was given`;
  };
  const dated = (year: number | string, monthDay: string): DeadlineSpec => {
    if (typeof year === 'string') return unparsed(written, year);
    const due = `${String(year).padStart(4, '0')}-${monthDay}`;
    if (!isLocalDate(due)) {
      return unparsed(written, `Ngày “${phrase}” không có trên lịch — “${phrase}” is not a calendar date`);
    }
    return { kind: 'date', due, text: written };
  };

  let m = QUARTER.exec(key);
  if (m) {
    const quarter = QUARTER_NUMBER[m[1] ?? ''];
    if (quarter === undefined) return unrecognised(written, phrase);
    return dated(yearOf(m[2]), QUARTER_END[quarter] ?? '');
  }

  m = MONTH.exec(key);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) {
      return unparsed(written, `Tháng không hợp lệ trong “${phrase}” — invalid month in “${phrase}”`);
    }
    const year = yearOf(m[2]);
    if (typeof year === 'string') return unparsed(written, year);
    return dated(year, `${pad2(month)}-${pad2(lastDayOfMonth(year, month))}`);
  }

  m = YEAR.exec(key);
  if (m) return dated(yearOf(m[1]), '12-31');

  m = HALF.exec(key);
  if (m) return dated(yearOf(m[2]), m[1] === 'đầu' ? '06-30' : '12-31');

  m = DATE.exec(key);
  if (m) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (day < 1 || day > 31 || month < 1 || month > 12) {
      return unparsed(written, `Ngày “${phrase}” không có trên lịch — “${phrase}” is not a calendar date`);
    }
    return dated(yearOf(m[3]), `${pad2(month)}-${pad2(day)}`);
  }

  m = CADENCE.exec(key);
  if (m) {
    const cadence = CADENCE_OF[m[1] ?? ''];
    return cadence === undefined ? { kind: 'ongoing', text: written } : { kind: 'ongoing', text: written, cadence };
  }

  if (ONGOING.test(key)) return { kind: 'ongoing', text: written };

  if (CONDITIONAL.test(key)) return { kind: 'conditional', text: written, condition: phrase };

  return unrecognised(written, phrase);
}

/** The due date of a `date` deadline, or undefined for every other kind. */
export function dueDateOf(spec: DeadlineSpec): string | undefined {
  return spec.kind === 'date' ? spec.due : undefined;
}

function unrecognised(written: string, phrase: string): DeadlineSpec {
  return unparsed(
    written,
    `Không đọc được tiến độ “${phrase}”, cần nhập hạn thủ công — could not read the deadline “${phrase}”; set it by hand`,
  );
}

function unparsed(text: string, warning: string): DeadlineSpec {
  return { kind: 'unparsed', text, warning };
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
