import { describe, expect, it } from 'vitest';
import { type GridRow, gridRowsToLines } from './grid-rows.ts';

const header: GridRow = ['STT', 'Nhiệm vụ', 'Sản phẩm', 'Tiến độ', 'Phân công'].map((text) => ({ text }));
const row = (...texts: (string | 'down' | 'span')[]): GridRow =>
  texts.map((t) => (t === 'down' || t === 'span' ? { text: '', merged: t } : { text: t }));

describe('gridRowsToLines', () => {
  it('empties the cells an area title spans', () => {
    expect(gridRowsToLines([header, row('I', 'Cải cách thể chế', 'span', 'span', 'span')])[1]).toBe(
      'I\tCải cách thể chế\t\t\t',
    );
  });

  it('repeats a cell merged down over several tasks in each of them', () => {
    const lines = gridRowsToLines([
      header,
      row('1', 'A', 'KH', 'Quý I/2025', 'Văn phòng Sở'),
      row('2', 'B', 'QĐ', 'down', 'down'),
    ]);
    expect(lines[2]).toBe('2\tB\tQĐ\tQuý I/2025\tVăn phòng Sở');
  });

  it('makes a row whose STT is merged with the one above a continuation (empty STT, no repeated text)', () => {
    const lines = gridRowsToLines([
      header,
      row('5', 'Phối hợp', 'Cổng', 'Thường xuyên', 'VP'),
      row('down', 'tiếp', '', 'down', 'down'),
    ]);
    expect(lines[2]).toBe('\ttiếp\t\t\t');
  });

  it('finds the STT column from the header row, wherever it is', () => {
    const moved: GridRow = ['Nhiệm vụ', 'STT', 'Sản phẩm', 'Tiến độ', 'Phân công'].map((text) => ({ text }));
    const lines = gridRowsToLines([
      moved,
      row('A', '1', 'KH', 'Quý I/2025', 'VP'),
      row('tiếp', 'down', '', '', 'down'),
    ]);
    expect(lines[2]).toBe('tiếp\t\t\t\t');
  });

  it('keeps a tab or line break inside a cell from splitting it', () => {
    expect(gridRowsToLines([row('1', 'dòng một\ndòng\thai')])[0]).toBe('1\tdòng một dòng hai');
  });
});
