import { describe, expect, it } from 'vitest';
import { byCode, FIRST_ROW, parse } from './testing/plan-document-fixtures.ts';

describe('task cells: built small', () => {
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

  it('warns about empty titles, products and assignments instead of dropping the row', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\t\t\tQuý I/2025\t']);
    expect(r.plan.tasks).toHaveLength(1);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['EMPTY_TITLE', 'EMPTY_PRODUCT', 'NO_ASSIGNMENT']),
    );
  });
});
