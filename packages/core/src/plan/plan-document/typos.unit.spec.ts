import { describe, expect, it } from 'vitest';
import { byCode, FIRST_ROW, parse, seed, task } from './testing/plan-document-fixtures.ts';

describe('known typos: the seed plan', () => {
  it('fixes the "Công dữ liệu" typo in VI.1 with an info warning naming the row', () => {
    expect(task('VI.1').title).toBe('Xây dựng Cổng dữ liệu ngành tài nguyên và môi trường');
    expect(seed.warnings).toContainEqual(
      expect.objectContaining({ line: 136, row: 'VI.1', code: 'TYPO_FIXED', severity: 'info' }),
    );
  });

  it('fixes the objective typos with info warnings on their lines', () => {
    expect(seed.warnings.filter((w) => w.code === 'TYPO_FIXED' && w.row === undefined).map((w) => w.line)).toEqual([
      26, 32,
    ]);
  });
});

describe('known typos: built small', () => {
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
});
