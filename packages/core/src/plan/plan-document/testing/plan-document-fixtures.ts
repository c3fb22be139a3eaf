import { expect } from 'vitest';
import { ValidationError } from '../../../errors/cchc-error.ts';
import { seedPlan, seedPlanText } from '../../../testing/seed-fixture.ts';
import type { PlanTask } from '../../plan-definition.ts';
import { type ImportWarning, type PlanImport, parsePlanDocument } from '../../plan-document-parser.ts';

const loaded = seedPlan();
/** The example unit registry. */
export const registry = loaded.registry;
/** The seed plan, imported under its file name. */
export const seed: PlanImport = loaded.imported;
export const seedText = seedPlanText();
export const task = (id: string): PlanTask => {
  const found = seed.plan.tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};

// ---------------------------------------------------------------------------------------------
// Messy tables, built small

export const HEADER = 'STT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công và cách thức thực hiện';
/** Line number of the first row after the header in `planText`. */
export const FIRST_ROW = 9;

export function planText(
  rows: readonly string[],
  options: { title?: string; appendixNote?: string; header?: string } = {},
): string {
  return [
    'KẾ HOẠCH',
    '',
    options.title ?? 'Cải cách hành chính của Sở Tài nguyên và Môi trường năm 2025',
    '',
    'PHỤ LỤC',
    options.appendixNote ?? '(Kèm theo Kế hoạch cải cách hành chính năm 2025)',
    '',
    options.header ?? HEADER,
    ...rows,
    '',
  ].join('\n');
}

export function parse(
  rows: readonly string[],
  options: { title?: string; appendixNote?: string; header?: string } = {},
): PlanImport {
  return parsePlanDocument(planText(rows, options), registry);
}

export const byCode = (result: PlanImport, code: string): ImportWarning[] =>
  result.warnings.filter((w) => w.code === code);

export function expectAccounted(result: PlanImport): void {
  const s = result.summary;
  expect(s.rowsRead).toBe(s.tasks + s.continuationRowsMerged + s.headerRowsSkipped + s.areaRows + s.rowsRejected);
  expect(s.warnings).toBe(result.warnings.length);
}

/** A small plan of 2026 with objectives, indicators, a report schedule and one task. */
export const SMALL_PLAN = [
  'KẾ HOẠCH',
  'Cải cách hành chính năm 2026',
  'I. MỤC TIÊU',
  'Mở đầu không đánh số.',
  '1. Giảm thời gian giải quyết',
  'a) Tỷ lệ hồ sơ trễ hạn không quá 5%.',
  'b) Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80%, số',
  '',
  'thủ tục bị phản ánh dưới 2%.',
  '2. Không có chỉ tiêu.',
  'Đoạn văn kết thúc danh sách.',
  'II. NHIỆM VỤ',
  'IV. TỔ CHỨC THỰC HIỆN',
  '3. Báo cáo định kỳ (quý I trước ngày 10/3/2026; quý II trước ngày 10/6/2026; năm trước ngày 10/12/2026).',
  'PHỤ LỤC',
  HEADER,
  'I\tCải cách thể chế\t\t\t',
  '1\tNhiệm vụ\tKế hoạch\tQuý I\tVăn phòng Sở',
].join('\n');

// ---------------------------------------------------------------------------------------------
// Input that is not a plan

export function validationIssues(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}
