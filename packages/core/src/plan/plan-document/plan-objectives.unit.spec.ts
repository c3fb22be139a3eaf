import { describe, expect, it } from 'vitest';
import { parsePlanDocument } from '../plan-document-parser.ts';
import { registry, SMALL_PLAN, seed } from './testing/plan-document-fixtures.ts';

describe('objectives and indicators: the seed plan', () => {
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
});

describe('objectives and indicators: built small', () => {
  it('reads objectives and indicators in a small plan', () => {
    const r = parsePlanDocument(SMALL_PLAN, registry);
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
  });
});
