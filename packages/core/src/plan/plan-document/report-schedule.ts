import type { ReportPeriod } from '../../events/domain/common.ts';
import { collapseSpaces } from '../cell-text.ts';
import { parseDeadline } from '../deadline-grammar.ts';
import type { ReportDue } from '../plan-definition.ts';
import { fold } from './document-lines.ts';
import type { Warn } from './import-warning.ts';

const REPORT_PERIOD: ReadonlyArray<readonly [RegExp, ReportPeriod | undefined]> = [
  [/^quý\s+(?:i|1)$/iu, 'Q1'],
  [/^quý\s+(?:ii|2)$/iu, undefined],
  [/^quý\s+(?:iii|3)$/iu, 'Q3'],
  [/^quý\s+(?:iv|4)$/iu, undefined],
  [/^(?:6|sáu)\s+tháng(?:\s+đầu\s+năm)?$/iu, 'H1'],
  [/^(?:cả\s+)?năm$/iu, 'Y'],
];

/** The periodic report deadlines: "báo cáo định kỳ (quý I trước ngày 10/3/2025; 6 tháng trước …)". */
export function readReportSchedule(lines: readonly string[], end: number, year: number, warn: Warn): ReportDue[] {
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
