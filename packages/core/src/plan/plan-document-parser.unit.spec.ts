import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/cchc-error.ts';
import { type PlanTask, planDefinitionSchema } from './plan-definition.ts';
import { type ImportWarning, type PlanImport, parsePlanDocument } from './plan-document-parser.ts';
import { parseUnitRegistry, type UnitScope, unitsInScope } from './unit-registry.ts';

const registry = parseUnitRegistry(
  JSON.parse(readFileSync(new URL('../../../../fixtures/units.example.json', import.meta.url), 'utf8')),
);
const seedText = readFileSync(
  new URL('../../../../fixtures/ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt', import.meta.url),
  'utf8',
);
const seed = parsePlanDocument(seedText, registry, { sourceName: 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt' });
const task = (id: string): PlanTask => {
  const found = seed.plan.tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};
const ALL = unitsInScope(registry, 'all_units');
const PHONG = unitsInScope(registry, 'all_phong');

// ---------------------------------------------------------------------------------------------
// The seed plan, row by row, as read from the document by hand.

interface Units {
  readonly ids?: readonly string[];
  readonly scope?: UnitScope;
}
const VP: Units = { ids: ['vp-so'] };
const CNTT: Units = { ids: ['tt-cntt-tnmt'] };
const ALL_UNITS: Units = { scope: 'all_units' };
const ALL_PHONG: Units = { scope: 'all_phong' };
const RELEVANT: Units = { scope: 'relevant_to_be_named' };
const NONE: Units = {};

type ExpectedDeadline =
  | { kind: 'date'; due: string }
  | { kind: 'ongoing'; cadence?: string }
  | { kind: 'conditional'; condition: string };
const date = (due: string): ExpectedDeadline => ({ kind: 'date', due });
const ongoing: ExpectedDeadline = { kind: 'ongoing' };
const when = (condition: string): ExpectedDeadline => ({ kind: 'conditional', condition });
const CHI_DAO = when('Theo chỉ đạo của UBND tỉnh');

const SEED_TASKS: ReadonlyArray<
  readonly [id: string, product: string, deadline: ExpectedDeadline, lead: Units, coordinators: Units]
> = [
  ['I.1', 'Kế hoạch của Sở', when('Theo Kế hoạch của UBND tỉnh'), VP, ALL_UNITS],
  ['I.2', 'Văn bản phối hợp', date('2025-03-31'), RELEVANT, NONE],
  ['I.3', 'Văn bản phối hợp', date('2025-06-30'), RELEVANT, NONE],
  ['I.4', 'Văn bản phối hợp', when('Theo tiến độ Kế hoạch'), RELEVANT, NONE],
  ['I.5', 'Hội nghị', date('2025-12-31'), ALL_UNITS, NONE],
  [
    'II.1',
    'TTHC được tái cấu trúc, cắt giảm thông tin khai báo',
    ongoing,
    { ids: ['vp-so'], scope: 'all_phong' },
    NONE,
  ],
  ['II.2', 'Quyết định của Chủ tịch UBND tỉnh', date('2025-12-31'), ALL_UNITS, VP],
  ['II.3', '100% hồ sơ, kết quả giải quyết TTHC được số hóa', ongoing, ALL_UNITS, VP],
  [
    'II.4',
    'Phương án phân cấp trong giải quyết TTHC được thực thi',
    when('Theo tiến độ của Trung ương'),
    ALL_UNITS,
    VP,
  ],
  [
    'II.5',
    'Các quy định được cập nhật đầy đủ, chính xác, kịp thời và công khai trên Cổng',
    when('Theo hướng dẫn của Văn phòng UBND tỉnh'),
    ALL_UNITS,
    VP,
  ],
  ['II.6', 'Quyết định Sở; Công văn', date('2025-12-31'), VP, ALL_UNITS],
  ['II.7', 'TTHC thí điểm được tiếp nhận, giải quyết và trả kết quả tự động', CHI_DAO, VP, ALL_PHONG],
  ['III.1', 'Đề án; Văn bản', ongoing, { ids: ['vp-so'], scope: 'relevant_to_be_named' }, NONE],
  ['III.2', 'Quyết định của UBND tỉnh', when('Theo tiến độ của tỉnh'), VP, ALL_UNITS],
  [
    'III.3',
    'Quyết định của UBND tỉnh',
    when('Sau khi có đề án sắp xếp và hướng dẫn của cơ quan chuyên môn'),
    VP,
    ALL_UNITS,
  ],
  ['III.4', 'Quyết định của UBND tỉnh', CHI_DAO, VP, RELEVANT],
  ['III.5', 'Quyết định của UBND tỉnh', CHI_DAO, VP, RELEVANT],
  ['III.6', 'Quyết định của UBND tỉnh', CHI_DAO, VP, RELEVANT],
  ['III.7', 'Văn bản', date('2025-06-30'), { ids: ['phong-do-dac-ban-do', 'chi-cuc-qldd'] }, RELEVANT],
  [
    'IV.1',
    '100% cán bộ, công chức đạt chuẩn theo yêu cầu vị trí việc làm',
    when('Sau khi Đề án được phê duyệt'),
    VP,
    NONE,
  ],
  ['IV.2', '100% viên chức đạt chuẩn theo yêu cầu của vị trí việc làm', when('Sau khi Đề án được phê duyệt'), VP, NONE],
  ['IV.3', 'Phần mềm Quản lý cán bộ, công chức, viên chức được cập nhật đầy đủ', date('2025-12-31'), VP, ALL_UNITS],
  ['IV.4', 'Các văn bản triển khai', CHI_DAO, VP, NONE],
  ['IV.5', 'Các văn bản triển khai', CHI_DAO, VP, NONE],
  ['IV.6', 'Kế hoạch', when('Sau khi Kế hoạch được UBND tỉnh ban hành'), VP, ALL_UNITS],
  ['IV.7', 'Các văn bản chỉ đạo, hướng dẫn', date('2025-12-31'), ALL_UNITS, NONE],
  ['V.1', 'Văn bản phối hợp', date('2025-12-31'), VP, NONE],
  ['V.2', 'Văn bản phối hợp', date('2025-12-31'), VP, NONE],
  ['V.3', 'Văn bản phối hợp', date('2025-12-31'), VP, NONE],
  ['V.4', 'Văn bản phối hợp', date('2025-06-30'), VP, NONE],
  [
    'VI.1',
    'Cung cấp, chia sẻ dữ liệu tài nguyên và môi trường phục vụ cải cách hành chính',
    date('2025-12-31'),
    CNTT,
    ALL_UNITS,
  ],
  ['VI.2', 'Kế hoạch của cơ quan', CHI_DAO, CNTT, ALL_UNITS],
  ['VII.1', 'Kế hoạch của Sở', CHI_DAO, VP, ALL_UNITS],
  ['VII.2', 'Hồ sơ chấm điểm', date('2025-12-31'), VP, ALL_UNITS],
  ['VII.3', 'Kết quả đánh giá, xếp loại được công bố', date('2025-12-31'), VP, ALL_UNITS],
];

/**
 * The ids a role should hold: its named units plus its group's units. A group makes way for a unit
 * named in the other role; coordinators never repeat a lead.
 */
function expectedIds(lead: Units, coordinators: Units): { lead: string[]; coordinators: string[] } {
  const leadNamed = lead.ids ?? [];
  const coordinatorNamed = coordinators.ids ?? [];
  const expand = (u: Units): string[] => (u.scope ? unitsInScope(registry, u.scope) : []);
  const leadIds = [...new Set([...leadNamed, ...expand(lead).filter((id) => !coordinatorNamed.includes(id))])];
  const coordinatorIds = [...new Set([...coordinatorNamed, ...expand(coordinators)])].filter(
    (id) => !leadIds.includes(id),
  );
  return { lead: leadIds.sort(), coordinators: coordinatorIds.sort() };
}

describe('parsePlanDocument: the seed plan', () => {
  it('imports exactly 35 tasks, I.1 … VII.3, in document order', () => {
    expect(seed.plan.tasks.map((t) => t.id)).toEqual(SEED_TASKS.map(([id]) => id));
    const perArea = Object.fromEntries(
      ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].map((a) => [a, seed.plan.tasks.filter((t) => t.area === a).length]),
    );
    expect(perArea).toEqual({ I: 5, II: 7, III: 7, IV: 7, V: 4, VI: 2, VII: 3 });
  });

  it('reads plan id, year, title, issuer and decision reference', () => {
    expect(seed.plan.planId).toBe('cchc-2025');
    expect(seed.plan.year).toBe(2025);
    expect(seed.plan.title).toBe('Cải cách hành chính của Sở Tài nguyên và Môi trường năm 2025');
    expect(seed.plan.issuer).toBe('Giám đốc Sở Tài nguyên và Môi trường');
    expect(seed.plan.decisionRef).toBe('Quyết định số /QĐ-STNMT ngày /01/2025');
    expect(planDefinitionSchema.safeParse(seed.plan).success).toBe(true);
  });

  it.each(SEED_TASKS)(
    '%s: area, product, deadline, lead and coordinators',
    (id, product, deadline, lead, coordinators) => {
      const t = task(id);
      expect(t.area).toBe(id.split('.')[0]);
      expect(t.row).toBe(Number(id.split('.')[1]));
      expect(t.product.startsWith(product), `${t.product} starts with ${product}`).toBe(true);
      expect(t.deadline).toMatchObject(deadline);
      if (deadline.kind === 'ongoing') expect(t.deadline).not.toHaveProperty('cadence');
      if (deadline.kind === 'conditional') expect(t.deadline.text).toBe(deadline.condition);
      const expected = expectedIds(lead, coordinators);
      expect([...t.lead].sort()).toEqual(expected.lead);
      expect([...t.coordinators].sort()).toEqual(expected.coordinators);
      expect(t.leadScope).toBe(lead.scope);
      expect(t.coordinatorScope).toBe(coordinators.scope);
      expect(t.assignmentText).not.toMatch(/[<>]/u);
      expect(t.title).not.toMatch(/[<>]/u);
    },
  );

  it('spells out the group expansions for a few rows', () => {
    expect(task('I.1').coordinators).not.toContain('vp-so');
    expect(task('I.1').coordinators).toHaveLength(ALL.length - 1);
    expect(task('II.2').lead).not.toContain('vp-so');
    expect(task('II.2').coordinators).toEqual(['vp-so']);
    expect([...task('II.1').lead].sort()).toEqual([...PHONG, 'vp-so'].sort());
    expect(task('I.2').lead).toEqual([]);
    expect(task('I.5').lead.some((id) => id.startsWith('cn-vpdkdd'))).toBe(false);
    expect(task('VI.1').coordinators).not.toContain('tt-cntt-tnmt');
  });

  it('keeps the "Thực hiện liên tục …" deadline as ongoing, with the text as written', () => {
    expect(task('III.1').deadline).toEqual({
      kind: 'ongoing',
      text: 'Thực hiện liên tục, chủ động sắp xếp trên cơ sở hướng dẫn của Trung ương, UBND tỉnh',
    });
  });

  it('merges the two page-break continuation rows into the product cells', () => {
    expect(task('II.5').sourceLines).toEqual([102, 105]);
    expect(task('II.5').product).toBe(
      'Các quy định được cập nhật đầy đủ, chính xác, kịp thời và công khai trên Cổng - Các quy định dự kiến ban hành và dự thảo phương án cắt giảm, đơn giản hóa được tham vấn người dân, doanh nghiệp - Các vướng mắc, đề xuất của tổ chức, cá nhân được tiếp nhận và phản hồi trên Cổng',
    );
    expect(task('VI.1').sourceLines).toEqual([136, 139]);
    expect(task('VI.1').product.endsWith('phục vụ việc khai thác, sử dụng của cá nhân, tổ chức.')).toBe(true);
    expect(task('I.1').sourceLines).toEqual([90]);
  });

  it('fixes the "Công dữ liệu" typo in VI.1 with an info warning naming the row', () => {
    expect(task('VI.1').title).toBe('Xây dựng Cổng dữ liệu ngành tài nguyên và môi trường');
    expect(seed.warnings).toContainEqual(
      expect.objectContaining({ line: 136, row: 'VI.1', code: 'TYPO_FIXED', severity: 'info' }),
    );
  });

  it('strips the HTML list markup and keeps the assignment text', () => {
    expect(task('II.2').assignmentText).toBe(
      'Đơn vị chủ trì: Các phòng, đơn vị thuộc Sở - Đơn vị phối hợp: Văn phòng Sở',
    );
    expect(task('II.5').product).not.toContain('<');
  });

  it('warns that the appendix heading says 2024 and keeps 2025', () => {
    expect(seed.warnings).toContainEqual(
      expect.objectContaining({ line: 86, code: 'APPENDIX_YEAR_MISMATCH', severity: 'warning' }),
    );
    expect(seed.plan.year).toBe(2025);
  });

  it('warns once per task whose units are still to be named', () => {
    const rows = seed.warnings.filter((w) => w.code === 'UNITS_TO_BE_NAMED').map((w) => w.row);
    expect(rows).toEqual(['I.2', 'I.3', 'I.4', 'III.1', 'III.4', 'III.5', 'III.6', 'III.7']);
  });

  it('has a summary that accounts for every table row', () => {
    expect(seed.summary).toEqual({
      source: 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt',
      rowsRead: 51,
      tasks: 35,
      continuationRowsMerged: 2,
      headerRowsSkipped: 7,
      areaRows: 7,
      rowsRejected: 0,
      warnings: seed.warnings.length,
    });
  });

  it('every warning has a line, a code and a "vi — en" message; no deadline is left unparsed', () => {
    for (const w of seed.warnings) {
      expect(w.line).toBeGreaterThan(0);
      expect(w.code).toMatch(/^[A-Z_]+$/u);
      expect(w.message).toMatch(/^.+ — .+$/u);
    }
    expect(seed.warnings.filter((w) => w.code === 'DEADLINE_UNPARSED' || w.code === 'UNKNOWN_UNIT')).toEqual([]);
    expect(seed.warnings.map((w) => w.line)).toEqual([...seed.warnings.map((w) => w.line)].sort((a, b) => a - b));
  });

  it('reads the objectives of section I with their indicators', () => {
    expect(seed.plan.objectives.map((o) => o.id)).toEqual([
      'OBJ-1',
      'OBJ-2',
      'OBJ-2a',
      'OBJ-2b',
      'OBJ-2c',
      'OBJ-2d',
      'OBJ-2đ',
      'OBJ-3',
      'OBJ-4',
      'OBJ-5',
      'OBJ-6',
      'OBJ-7',
      'OBJ-8',
      'OBJ-9',
    ]);
    expect(seed.plan.objectives.find((o) => o.id === 'OBJ-2d')?.text).toContain(
      'thanh toán trực tuyến đạt trên 70% (theo Kế hoạch số 14084/KH-UBND',
    );
    expect(seed.plan.objectives.find((o) => o.id === 'OBJ-2a')?.parentId).toBe('OBJ-2');
    expect(seed.plan.objectives.find((o) => o.id === 'OBJ-3')?.text).toContain('giảm 15% đầu mối bên trong');
    const indicators = seed.plan.indicators.map(({ id, comparator, target, unit, direction }) => ({
      id,
      comparator,
      target,
      unit,
      direction,
    }));
    expect(indicators).toEqual([
      { id: 'IND-2a', comparator: '>=', target: 20, unit: '%', direction: 'decrease' },
      { id: 'IND-2b', comparator: '>=', target: 100, unit: '%', direction: 'increase' },
      { id: 'IND-2c', comparator: '>=', target: 100, unit: '%', direction: 'increase' },
      { id: 'IND-2d-1', comparator: '>=', target: 100, unit: '%', direction: 'increase' },
      { id: 'IND-2d-2', comparator: '>', target: 70, unit: '%', direction: 'increase' },
      { id: 'IND-3', comparator: '>=', target: 15, unit: '%', direction: 'decrease' },
      { id: 'IND-8-1', comparator: '>', target: 90, unit: '%', direction: 'increase' },
      { id: 'IND-8-2', comparator: '>', target: 90, unit: '%', direction: 'increase' },
    ]);
    const text = (id: string): string => seed.plan.indicators.find((i) => i.id === id)?.text ?? '';
    expect(text('IND-2d-1')).toBe(
      '100% thủ tục hành chính có yêu cầu nghĩa vụ tài chính đủ điều kiện được triển khai thanh toán trực tuyến',
    );
    expect(text('IND-2d-2')).toMatch(/^tỷ lệ giao dịch thanh toán trực tuyến đạt trên 70%/u);
    expect(text('IND-8-1')).toMatch(/cơ quan hành chính nhà nước .* đạt trên 90%$/u);
    expect(text('IND-8-2')).toMatch(/đơn vị sự nghiệp công lập đạt trên 90%$/u);
    expect(seed.plan.objectives.flatMap((o) => o.indicators)).toEqual(seed.plan.indicators);
  });

  it('every percentage in section I became an indicator', () => {
    const percentages = seed.plan.objectives.flatMap((o) => [...o.text.matchAll(/\d+\s*%/gu)]).length;
    expect(seed.plan.indicators).toHaveLength(percentages);
  });

  it('fixes the objective typos with info warnings on their lines', () => {
    expect(seed.warnings.filter((w) => w.code === 'TYPO_FIXED' && w.row === undefined).map((w) => w.line)).toEqual([
      26, 32,
    ]);
  });

  it('reads the report schedule of section IV.3', () => {
    expect(seed.plan.reportSchedule).toEqual([
      { period: 'Q1', due: '2025-03-10' },
      { period: 'H1', due: '2025-06-10' },
      { period: 'Q3', due: '2025-09-10' },
      { period: 'Y', due: '2025-12-10' },
    ]);
  });

  it('gives the same plan for CRLF line ends, a BOM and NFD text', () => {
    const variant = parsePlanDocument(`\ufeff${seedText.replace(/\n/gu, '\r\n').normalize('NFD')}`, registry, {
      sourceName: 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt',
    });
    expect(variant.plan).toEqual(seed.plan);
    expect(variant.summary).toEqual(seed.summary);
  });
});

// ---------------------------------------------------------------------------------------------
// Messy tables, built small

const HEADER = 'STT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công và cách thức thực hiện';
/** Line number of the first row after the header in `planText`. */
const FIRST_ROW = 9;

function planText(
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

function parse(
  rows: readonly string[],
  options: { title?: string; appendixNote?: string; header?: string } = {},
): PlanImport {
  return parsePlanDocument(planText(rows, options), registry);
}

const byCode = (result: PlanImport, code: string): ImportWarning[] => result.warnings.filter((w) => w.code === code);

function expectAccounted(result: PlanImport): void {
  const s = result.summary;
  expect(s.rowsRead).toBe(s.tasks + s.continuationRowsMerged + s.headerRowsSkipped + s.areaRows + s.rowsRejected);
  expect(s.warnings).toBe(result.warnings.length);
}

describe('parsePlanDocument: messy tables', () => {
  it('skips header rows repeated at page breaks and counts them', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ một\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
      '',
      HEADER,
      '2\tNhiệm vụ hai\tVăn bản\tQuý II/2025\tThanh tra Sở',
      '   ',
      HEADER,
    ]);
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['I.1', 'I.2']);
    expect(r.summary).toMatchObject({ headerRowsSkipped: 3, tasks: 2, areaRows: 1, rowsRead: 6, rowsRejected: 0 });
    expectAccounted(r);
  });

  it('merges a continuation row (empty STT) into the matching columns of the task above, across a header', () => {
    const r = parse([
      'II\tCải cách thủ tục hành chính\t\t\t',
      '1\tRà soát thủ tục\t- Sản phẩm một\tTheo chỉ đạo của\t- Đơn vị chủ trì: Văn phòng Sở - Đơn vị phối hợp:',
      '',
      HEADER,
      '\thành chính nội bộ\t- Sản phẩm hai\tUBND tỉnh\tCác phòng, đơn vị thuộc Sở',
      '\t\tvà ba\t\t',
    ]);
    const t = r.plan.tasks[0];
    expect(t?.title).toBe('Rà soát thủ tục hành chính nội bộ');
    expect(t?.product).toBe('Sản phẩm một - Sản phẩm hai và ba');
    expect(t?.deadline).toEqual({
      kind: 'conditional',
      text: 'Theo chỉ đạo của UBND tỉnh',
      condition: 'Theo chỉ đạo của UBND tỉnh',
    });
    expect(t?.lead).toEqual(['vp-so']);
    expect(t?.coordinatorScope).toBe('all_units');
    expect(t?.sourceLines).toEqual([FIRST_ROW + 1, FIRST_ROW + 4, FIRST_ROW + 5]);
    expect(r.summary.continuationRowsMerged).toBe(2);
    expect(byCode(r, 'CONTINUATION_MERGED').map((w) => [w.line, w.row])).toEqual([
      [FIRST_ROW + 4, 'II.1'],
      [FIRST_ROW + 5, 'II.1'],
    ]);
    expectAccounted(r);
  });

  it('does not merge a continuation that has no task above it (first row, or right after an area row)', () => {
    const r = parse([
      '\tmồ côi\t\t\t',
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
      'II\tCải cách thủ tục hành chính\t\t\t',
      '\tcũng mồ côi\t\t\t',
    ]);
    expect(r.plan.tasks[0]?.title).toBe('Nhiệm vụ');
    expect(byCode(r, 'ORPHAN_CONTINUATION').map((w) => w.line)).toEqual([FIRST_ROW, FIRST_ROW + 4]);
    expect(byCode(r, 'ORPHAN_CONTINUATION')[0]?.message).toContain('mồ côi');
    expect(r.summary.rowsRejected).toBe(2);
    expectAccounted(r);
  });

  it('strips leftover HTML tags and entities from every cell', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\t<b>Xây dựng</b> Kế hoạch &amp; báo cáo\t<ul style="list-style-type: none"><li>- Kế hoạch</li><li>- Báo cáo</li></ul>\t<p>Quý&nbsp;II/2025</p>\t<ul style="list-style-type: none"> - Đơn vị chủ trì: Văn phòng Sở<br/> - Đơn vị phối hợp: Thanh tra Sở</ul>',
    ]);
    const t = r.plan.tasks[0];
    expect(t?.title).toBe('Xây dựng Kế hoạch & báo cáo');
    expect(t?.product).toBe('Kế hoạch - Báo cáo');
    expect(t?.deadline).toMatchObject({ kind: 'date', due: '2025-06-30' });
    expect(t?.assignmentText).toBe('Đơn vị chủ trì: Văn phòng Sở - Đơn vị phối hợp: Thanh tra Sở');
    expect(t?.lead).toEqual(['vp-so']);
    expect(t?.coordinators).toEqual(['thanh-tra-so']);
  });

  it('fixes known typos in titles and products with an info warning naming the row', () => {
    const r = parse([
      'VI\tXây dựng và phát triển Chính quyền điện tử, Chính quyền số\t\t\t',
      '1\tNâng cấp Công thông tin điện tử\tCông dữ liệu hoạt động\tNăm 2025\tTTCNTT TNMT',
    ]);
    expect(r.plan.tasks[0]?.title).toBe('Nâng cấp Cổng thông tin điện tử');
    expect(r.plan.tasks[0]?.product).toBe('Cổng dữ liệu hoạt động');
    const typos = byCode(r, 'TYPO_FIXED');
    expect(typos.map((w) => [w.line, w.row, w.severity])).toEqual([
      [FIRST_ROW + 1, 'VI.1', 'info'],
      [FIRST_ROW + 1, 'VI.1', 'info'],
    ]);
    expect(typos[0]?.message).toContain('“Công thông tin điện tử”');
  });

  it('does not "fix" a lowercase "công" that is a real word', () => {
    const r = parse([
      'IV\tCải cách chế độ công vụ\t\t\t',
      '1\tĐánh giá công dữ liệu nhân sự\tBáo cáo\tNăm 2025\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks[0]?.title).toBe('Đánh giá công dữ liệu nhân sự');
    expect(byCode(r, 'TYPO_FIXED')).toEqual([]);
  });

  it('warns when the appendix heading names another year and keeps the title year', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\tNhiệm vụ\tKế hoạch\tTrong năm\tVăn phòng Sở'], {
      appendixNote: '(Kèm theo Kế hoạch năm 2024)',
    });
    expect(r.plan.year).toBe(2025);
    expect(byCode(r, 'APPENDIX_YEAR_MISMATCH')).toEqual([expect.objectContaining({ line: 6, severity: 'warning' })]);
    expect(r.plan.tasks[0]?.deadline).toMatchObject({ kind: 'date', due: '2025-12-31' });
  });

  it('rejects rows it cannot place, each with a warning on its line, and still accounts for them', () => {
    const r = parse([
      '1\tTrước mọi lĩnh vực\tX\tQuý I/2025\tVăn phòng Sở',
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ một\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
      '1\tNhiệm vụ một (trùng)\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
      'a\tDòng lạ\tX\tQuý I/2025\tVăn phòng Sở',
      'Trang 3/7',
      'VIII\tLĩnh vực lạ\t\t\t',
      '1\tNhiệm vụ của lĩnh vực lạ\tX\tQuý I/2025\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['I.1']);
    expect(r.plan.tasks[0]?.title).toBe('Nhiệm vụ một');
    const rejected = r.warnings.filter((w) =>
      ['ROW_WITHOUT_AREA', 'DUPLICATE_TASK', 'UNRECOGNIZED_ROW', 'ROW_NOT_IN_TABLE', 'UNKNOWN_AREA'].includes(w.code),
    );
    expect(rejected.map((w) => [w.line, w.code])).toEqual([
      [FIRST_ROW, 'ROW_WITHOUT_AREA'],
      [FIRST_ROW + 3, 'DUPLICATE_TASK'],
      [FIRST_ROW + 4, 'UNRECOGNIZED_ROW'],
      [FIRST_ROW + 5, 'ROW_NOT_IN_TABLE'],
      [FIRST_ROW + 6, 'UNKNOWN_AREA'],
      [FIRST_ROW + 7, 'ROW_WITHOUT_AREA'],
    ]);
    expect(r.summary).toMatchObject({ rowsRead: 9, tasks: 1, areaRows: 1, headerRowsSkipped: 1, rowsRejected: 6 });
    expect(rejected.find((w) => w.code === 'ROW_NOT_IN_TABLE')?.message).toContain('Trang 3/7');
    expectAccounted(r);
  });

  it('an unreadable deadline is kept as unparsed with a warning on its row', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tCuối năm\tVăn phòng Sở',
      '2\tNhiệm vụ\tKế hoạch\t31/2/2025\tVăn phòng Sở',
      '3\tNhiệm vụ\tKế hoạch\t\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks.map((t) => t.deadline.kind)).toEqual(['unparsed', 'unparsed', 'unparsed']);
    expect(byCode(r, 'DEADLINE_UNPARSED').map((w) => [w.line, w.row])).toEqual([
      [FIRST_ROW + 1, 'I.1'],
      [FIRST_ROW + 2, 'I.2'],
      [FIRST_ROW + 3, 'I.3'],
    ]);
    expect(byCode(r, 'DEADLINE_UNPARSED')[0]?.message).toContain('Cuối năm');
  });

  it('a deadline without a year takes the plan year; one outside the plan year is noted', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý II\tVăn phòng Sở',
      '2\tNhiệm vụ\tKế hoạch\tQuý I/2026\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks.map((t) => t.deadline)).toMatchObject([{ due: '2025-06-30' }, { due: '2026-03-31' }]);
    expect(byCode(r, 'DEADLINE_OUTSIDE_PLAN_YEAR').map((w) => w.row)).toEqual(['I.2']);
  });

  it('an unknown unit is reported by name; "có liên quan" is reported as to be named', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tPhòng Tổ chức cán bộ chủ trì, phối hợp với các phòng, đơn vị có liên quan',
    ]);
    const t = r.plan.tasks[0];
    expect(t?.lead).toEqual([]);
    expect(t?.coordinatorScope).toBe('relevant_to_be_named');
    expect(byCode(r, 'UNKNOWN_UNIT')[0]?.message).toContain('“Phòng Tổ chức cán bộ”');
    expect(byCode(r, 'UNITS_TO_BE_NAMED')).toHaveLength(1);
    expect(byCode(r, 'NO_LEAD')).toHaveLength(1);
  });

  it('maps columns by their header names, in any order, with extra columns reported', () => {
    const header = 'STT\tNhiệm vụ\tPhân công\tTiến độ\tSản phẩm\tGhi chú';
    const r = parse(['I\tCải cách thể chế\t\t\t\t', '1\tNhiệm vụ\tVăn phòng Sở\tQuý I/2025\tKế hoạch\tcần xem lại'], {
      header,
    });
    expect(r.plan.tasks[0]).toMatchObject({
      title: 'Nhiệm vụ',
      product: 'Kế hoạch',
      lead: ['vp-so'],
      deadline: { due: '2025-03-31' },
    });
    expect(byCode(r, 'UNMAPPED_CELL_IGNORED')[0]?.message).toContain('cần xem lại');
  });

  it('appends cells beyond the header to the last column, with a warning', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở chủ trì\tThanh tra Sở phối hợp',
    ]);
    expect(r.plan.tasks[0]?.assignmentText).toBe('Văn phòng Sở chủ trì Thanh tra Sở phối hợp');
    expect(byCode(r, 'EXTRA_CELLS')).toHaveLength(1);
  });

  it('reads an area written "I. Cải cách thể chế" in one cell, and warns on an area title that does not match', () => {
    const r = parse([
      'I. Cải cách thể chế\t\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
      'II\tCải cách tài chính công\t\t\t',
      '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['I.1', 'II.1']);
    expect(byCode(r, 'AREA_TITLE_MISMATCH').map((w) => w.line)).toEqual([FIRST_ROW + 2]);
  });

  it('notes an STT that skips a number', () => {
    const r = parse([
      'I\tCải cách thể chế\t\t\t',
      '1\tA\tX\tQuý I/2025\tVăn phòng Sở',
      '3\tB\tX\tQuý I/2025\tVăn phòng Sở',
    ]);
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['I.1', 'I.3']);
    expect(byCode(r, 'STT_OUT_OF_SEQUENCE')).toEqual([expect.objectContaining({ row: 'I.3', severity: 'info' })]);
  });

  it('warns about empty titles, products and assignments instead of dropping the row', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\t\t\tQuý I/2025\t']);
    expect(r.plan.tasks).toHaveLength(1);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['EMPTY_TITLE', 'EMPTY_PRODUCT', 'NO_ASSIGNMENT']),
    );
  });

  it('reads objectives, indicators and a report schedule in a small plan', () => {
    const text = [
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
    const r = parsePlanDocument(text, registry);
    expect(r.plan.planId).toBe('cchc-2026');
    expect(r.plan.objectives.map((o) => [o.id, o.parentId])).toEqual([
      ['OBJ-1', undefined],
      ['OBJ-1a', 'OBJ-1'],
      ['OBJ-1b', 'OBJ-1'],
      ['OBJ-2', undefined],
    ]);
    expect(r.plan.objectives[2]?.text).toBe(
      'Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80%, số thủ tục bị phản ánh dưới 2%.',
    );
    expect(
      r.plan.indicators.map(({ id, comparator, target, direction }) => [id, comparator, target, direction]),
    ).toEqual([
      ['IND-1a', '<=', 5, 'decrease'],
      ['IND-1b-1', '>=', 80, 'increase'],
      ['IND-1b-2', '<', 2, 'decrease'],
    ]);
    expect(r.plan.reportSchedule).toEqual([
      { period: 'Q1', due: '2026-03-10' },
      { period: 'Y', due: '2026-12-10' },
    ]);
    expect(byCode(r, 'REPORT_PERIOD_UNSUPPORTED')).toEqual([expect.objectContaining({ line: 14 })]);
    expect(r.plan.tasks[0]?.deadline).toMatchObject({ due: '2026-03-31' });
  });

  it('a plan without section I or a report schedule still imports, with warnings', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở']);
    expect(r.plan.objectives).toEqual([]);
    expect(r.plan.reportSchedule).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['OBJECTIVES_MISSING', 'REPORT_SCHEDULE_MISSING']),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Input that is not a plan

function validationIssues(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

describe('parsePlanDocument: bad input', () => {
  it.each(['', '   \n\t\n  ', '\ufeff'])('an empty file (%j)', (text) => {
    expect(validationIssues(() => parsePlanDocument(text, registry))).toEqual([
      { path: 'file', message: expect.stringContaining('empty') },
    ]);
  });

  it('a file with NUL bytes names the line', () => {
    const issues = validationIssues(() => parsePlanDocument('KẾ HOẠCH\nnăm 2025\nab\u0000cd', registry));
    expect(issues).toEqual([{ path: 'line 3', message: expect.stringContaining('NUL') }]);
  });

  it('binary bytes decoded as UTF-8 (replacement characters) are refused', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x80, 0x81]);
    const issues = validationIssues(() => parsePlanDocument(bytes.toString('utf8'), registry));
    expect(issues[0]?.path).toMatch(/^line \d+$/u);
    expect(issues[0]?.message).toMatch(/UTF-8|binary/u);
  });

  it('control characters (a binary read as Latin-1) are refused', () => {
    const issues = validationIssues(() => parsePlanDocument('hello\n\u0003\u0004world', registry));
    expect(issues).toEqual([{ path: 'line 2', message: expect.stringContaining('control') }]);
  });

  it('a text that is not a plan names the missing title year and table', () => {
    const issues = validationIssues(() =>
      parsePlanDocument('Biên bản họp giao ban tuần.\nNội dung: không có gì.\n', registry, {
        sourceName: 'bien-ban.txt',
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['title', 'appendix']);
  });

  it('a plan without the appendix table', () => {
    const text = seedText.split('\n').slice(0, 86).join('\n');
    expect(validationIssues(() => parsePlanDocument(text, registry))).toEqual([
      { path: 'appendix', message: expect.stringContaining('no appendix table') },
    ]);
  });

  it('the error message names the source file', () => {
    expect(() => parsePlanDocument('x', registry, { sourceName: 'bien-ban.txt' })).toThrow(/bien-ban\.txt/u);
  });

  it('a table with a missing column names the line and the column', () => {
    const issues = validationIssues(() =>
      parse(['I\tCải cách thể chế\t\t'], { header: 'STT\tNhiệm vụ\tSản phẩm\tPhân công' }),
    );
    expect(issues).toEqual([{ path: 'line 8', message: expect.stringContaining('“Tiến độ”') }]);
  });

  it('a repeated header that lost a column is refused too', () => {
    const issues = validationIssues(() =>
      parse(['I\tCải cách thể chế\t\t\t', '1\tA\tX\tQuý I/2025\tVăn phòng Sở', 'STT\tNhiệm vụ\tTiến độ\tPhân công']),
    );
    expect(issues).toEqual([{ path: `line ${FIRST_ROW + 2}`, message: expect.stringContaining('“Sản phẩm”') }]);
  });

  it('a table with no task rows', () => {
    const issues = validationIssues(() => parse(['I\tCải cách thể chế\t\t\t']));
    expect(issues).toEqual([{ path: 'line 8', message: expect.stringContaining('no task rows') }]);
  });

  it('a title without a year', () => {
    const issues = validationIssues(() =>
      parse(['I\tCải cách thể chế\t\t\t', '1\tA\tX\tQuý I/2025\tVăn phòng Sở'], {
        title: 'Cải cách hành chính của Sở',
      }),
    );
    expect(issues).toEqual([{ path: 'title', message: expect.stringContaining('plan year not found') }]);
  });
});
