import { describe, expect, it } from 'vitest';
import { cleanCellText, collapseSpaces } from './cell-text.ts';

describe('collapseSpaces', () => {
  it('folds NBSP, tabs, newlines and wide spaces to one space, trims and normalises to NFC', () => {
    expect(collapseSpaces(' a\u00a0\u00a0b\t\nc\u2009d\u3000 ')).toBe('a b c d');
    expect(collapseSpaces('Quý'.normalize('NFD'))).toBe('Quý');
  });
});

describe('cleanCellText', () => {
  it.each([
    ['<ul style="list-style-type: none"> - Văn phòng Sở</ul>', 'Văn phòng Sở'],
    ['<p>A<br/>B</p>', 'A B'],
    ['Kế hoạch &amp; báo cáo&nbsp;&#8211;&#x2014; xong', 'Kế hoạch & báo cáo –— xong'],
    ['&unknown; &#0; stays', '&unknown; &#0; stays'],
    ['• Mục một', 'Mục một'],
    ['a < b > c', 'a < b > c'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(cleanCellText(raw)).toBe(expected);
  });
});
