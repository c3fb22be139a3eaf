import { describe, expect, it } from 'vitest';
import { type UnitScope, unitsInScope } from '../unit-registry.ts';
import { registry, seed, task } from './testing/plan-document-fixtures.ts';

const ALL = unitsInScope(registry, 'all_units');
const PHONG = unitsInScope(registry, 'all_phong');

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

describe('task table: the seed plan', () => {
  it('imports exactly 35 tasks, I.1 … VII.3, in document order', () => {
    expect(seed.plan.tasks.map((t) => t.id)).toEqual(SEED_TASKS.map(([id]) => id));
    const perArea = Object.fromEntries(
      ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].map((a) => [a, seed.plan.tasks.filter((t) => t.area === a).length]),
    );
    expect(perArea).toEqual({ I: 5, II: 7, III: 7, IV: 7, V: 4, VI: 2, VII: 3 });
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

  it('strips the HTML list markup and keeps the assignment text', () => {
    expect(task('II.2').assignmentText).toBe(
      'Đơn vị chủ trì: Các phòng, đơn vị thuộc Sở - Đơn vị phối hợp: Văn phòng Sở',
    );
    expect(task('II.5').product).not.toContain('<');
  });

  it('warns once per task whose units are still to be named', () => {
    const rows = seed.warnings.filter((w) => w.code === 'UNITS_TO_BE_NAMED').map((w) => w.row);
    expect(rows).toEqual(['I.2', 'I.3', 'I.4', 'III.1', 'III.4', 'III.5', 'III.6', 'III.7']);
  });
});
