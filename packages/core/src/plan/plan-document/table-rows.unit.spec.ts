import { describe, expect, it } from 'vitest';
import {
  byCode,
  expectAccounted,
  FIRST_ROW,
  HEADER,
  parse,
  validationIssues,
} from './testing/plan-document-fixtures.ts';

describe('task table rows: messy tables', () => {
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
});

describe('task table columns: headers that lose a column', () => {
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
});
