import { describe, expect, it } from 'vitest';
import { type DeadlineSpec, deadlineSpecSchema, dueDateOf, parseDeadline } from './deadline-grammar.ts';

function due(text: string, planYear?: number): string | undefined {
  const spec = parseDeadline(text, planYear);
  expect(deadlineSpecSchema.safeParse(spec).success).toBe(true);
  return dueDateOf(spec);
}

describe('parseDeadline: dates (end of the period)', () => {
  it.each([
    ['Quý I/2025', '2025-03-31'],
    ['Quý II/2025', '2025-06-30'],
    ['Quý III/2025', '2025-09-30'],
    ['Quý IV/2025', '2025-12-31'],
    ['Trong Quý I/2025', '2025-03-31'],
    ['trong quý iv/2025', '2025-12-31'],
    ['Quý 2/2025', '2025-06-30'],
    ['Quý 4/2026', '2026-12-31'],
    ['Quý II - 2025', '2025-06-30'],
    ['Quý III năm 2025', '2025-09-30'],
    ['Quý II / 2025', '2025-06-30'],
    ['Tháng 6/2025', '2025-06-30'],
    ['Trong tháng 10/2025', '2025-10-31'],
    ['Tháng 2/2024', '2024-02-29'],
    ['Tháng 2/2025', '2025-02-28'],
    ['tháng 12 năm 2025', '2025-12-31'],
    ['Tháng 01/2025', '2025-01-31'],
    ['Năm 2025', '2025-12-31'],
    ['Trong năm 2025', '2025-12-31'],
    ['6 tháng đầu năm 2025', '2025-06-30'],
    ['6 tháng cuối năm 2025', '2025-12-31'],
    ['Sáu tháng đầu năm 2025', '2025-06-30'],
    ['Trước ngày 30/9/2025', '2025-09-30'],
    ['Trước 15/12/2025', '2025-12-15'],
    ['15/12/2025', '2025-12-15'],
    ['Chậm nhất ngày 05/01/2026', '2026-01-05'],
    ['ngày 10.3.2025', '2025-03-10'],
    ['29/2/2024', '2024-02-29'],
  ])('%s → %s', (text, expected) => {
    const spec = parseDeadline(text);
    expect(spec).toEqual({ kind: 'date', due: expected, text });
    expect(due(text)).toBe(expected);
  });

  it('"Trước ngày X" is due on X itself (end of that local day), not the day before', () => {
    expect(due('Trước ngày 10/3/2025')).toBe('2025-03-10');
  });

  it('a phrase without a year takes the plan year', () => {
    expect(due('Quý II', 2025)).toBe('2025-06-30');
    expect(due('Trong quý I', 2026)).toBe('2026-03-31');
    expect(due('Tháng 6', 2025)).toBe('2025-06-30');
    expect(due('Trong năm', 2025)).toBe('2025-12-31');
    expect(due('6 tháng đầu năm', 2025)).toBe('2025-06-30');
    expect(due('Trước ngày 30/9', 2025)).toBe('2025-09-30');
    expect(due('Tháng 2', 2028)).toBe('2028-02-29');
  });

  it('an explicit year wins over the plan year', () => {
    expect(due('Quý I/2026', 2025)).toBe('2026-03-31');
  });

  it('a phrase without a year and without a plan year is unparsed, naming the phrase', () => {
    for (const text of ['Quý II', 'Tháng 6', 'Trong năm', 'Trước ngày 30/9', '6 tháng đầu năm']) {
      const spec = parseDeadline(text);
      expect(spec.kind).toBe('unparsed');
      if (spec.kind === 'unparsed') expect(spec.warning).toContain(text);
    }
  });
});

describe('parseDeadline: spelling does not matter, the written text is kept', () => {
  it('NFD input parses like NFC', () => {
    const nfd = 'Quý II/2025'.normalize('NFD');
    expect(nfd).not.toBe('Quý II/2025');
    expect(parseDeadline(nfd)).toEqual({ kind: 'date', due: '2025-06-30', text: nfd });
    expect(parseDeadline('Thường xuyên'.normalize('NFD')).kind).toBe('ongoing');
    expect(parseDeadline('Theo chỉ đạo của UBND tỉnh'.normalize('NFD')).kind).toBe('conditional');
  });

  it('case, extra and non-breaking spaces do not matter; text is trimmed but otherwise as written', () => {
    expect(parseDeadline('  QUÝ   ii/2025 ')).toEqual({ kind: 'date', due: '2025-06-30', text: 'QUÝ   ii/2025' });
    expect(parseDeadline('Quý\u00a0III/2025')).toEqual({ kind: 'date', due: '2025-09-30', text: 'Quý\u00a0III/2025' });
    expect(parseDeadline('\tTRONG  NĂM\u00a02025\n').kind).toBe('date');
    expect(parseDeadline('Trước\u00a0ngày\u00a030/9/2025.')).toMatchObject({ kind: 'date', due: '2025-09-30' });
  });
});

describe('parseDeadline: ongoing', () => {
  it.each<[string, DeadlineSpec['kind'], string | undefined]>([
    ['Thường xuyên', 'ongoing', undefined],
    ['thường xuyên, liên tục', 'ongoing', undefined],
    ['Hằng quý', 'ongoing', 'quarterly'],
    ['Hàng quý', 'ongoing', 'quarterly'],
    ['Định kỳ hằng tháng', 'ongoing', 'monthly'],
    ['hàng tháng', 'ongoing', 'monthly'],
    ['Hằng năm', 'ongoing', 'yearly'],
    ['Hàng năm', 'ongoing', 'yearly'],
    ['Thực hiện liên tục', 'ongoing', undefined],
    ['Thực hiện liên tục, chủ động sắp xếp trên cơ sở hướng dẫn của Trung ương, UBND tỉnh', 'ongoing', undefined],
  ])('%s', (text, kind, cadence) => {
    const spec = parseDeadline(text);
    expect(spec.kind).toBe(kind);
    expect(spec.text).toBe(text);
    if (spec.kind === 'ongoing') expect(spec.cadence).toBe(cadence);
    expect(deadlineSpecSchema.safeParse(spec).success).toBe(true);
  });

  it('omits cadence when there is none', () => {
    expect(parseDeadline('Thường xuyên')).toEqual({ kind: 'ongoing', text: 'Thường xuyên' });
  });
});

describe('parseDeadline: conditional', () => {
  it.each([
    'Theo chỉ đạo của UBND tỉnh',
    'Theo tiến độ của Trung ương',
    'Theo tiến độ của tỉnh',
    'Theo hướng dẫn của Văn phòng UBND tỉnh',
    'Theo hướng dẫn của Bộ Tài nguyên và Môi trường',
    'Sau khi Đề án được phê duyệt',
    'Sau khi Kế hoạch được UBND tỉnh ban hành',
    'Sau khi có đề án sắp xếp và hướng dẫn của cơ quan chuyên môn',
    'Theo Kế hoạch của UBND tỉnh',
    'Theo tiến độ Kế hoạch',
    'Khi có yêu cầu',
  ])('%s', (text) => {
    expect(parseDeadline(text)).toEqual({ kind: 'conditional', text, condition: text });
  });

  it('condition is trimmed with spaces collapsed, original casing kept', () => {
    expect(parseDeadline('  THEO   chỉ đạo của UBND tỉnh. ')).toEqual({
      kind: 'conditional',
      text: 'THEO   chỉ đạo của UBND tỉnh.',
      condition: 'THEO chỉ đạo của UBND tỉnh',
    });
  });
});

describe('parseDeadline: unparsed, never a guess', () => {
  it.each([
    '',
    '   ',
    '31/2/2025',
    'Trước ngày 31/2/2025',
    '30/13/2025',
    '0/1/2025',
    'Tháng 13/2025',
    'Tháng 0/2025',
    'Quý V/2025',
    'Quý 5/2025',
    'Quý II/25',
    'Cuối năm',
    'Sớm nhất có thể',
    'Quý II/2025 hoặc theo chỉ đạo',
    'Đầu năm 2025',
    '6/2025',
    'Năm 2025-2026',
    'Trước Quý III/2025',
  ])('%j', (text) => {
    const spec = parseDeadline(text, 2025);
    expect(spec.kind).toBe('unparsed');
    expect(spec.text).toBe(text.trim());
    if (spec.kind === 'unparsed') {
      expect(spec.warning).toMatch(/ — /);
      expect(deadlineSpecSchema.safeParse(spec).success).toBe(true);
    }
  });

  it('the warning names the phrase', () => {
    const spec = parseDeadline('Cuối năm');
    expect(spec.kind === 'unparsed' && spec.warning.includes('Cuối năm')).toBe(true);
  });

  it('an invalid calendar date is not a date', () => {
    const spec = parseDeadline('31/2/2025');
    expect(spec.kind).toBe('unparsed');
    if (spec.kind === 'unparsed') expect(spec.warning).toContain('calendar');
  });
});

describe('deadlineSpecSchema', () => {
  it('rejects a date that does not exist and an unknown kind', () => {
    expect(deadlineSpecSchema.safeParse({ kind: 'date', due: '2025-02-30', text: 'x' }).success).toBe(false);
    expect(deadlineSpecSchema.safeParse({ kind: 'someday', text: 'x' }).success).toBe(false);
    expect(deadlineSpecSchema.safeParse({ kind: 'ongoing', text: 'x', cadence: 'weekly' }).success).toBe(false);
  });
});
