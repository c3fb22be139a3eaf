import { describe, expect, it } from 'vitest';
import { parsePlanDocument } from '../plan-document-parser.ts';
import { registry, seed, seedText, validationIssues } from './testing/plan-document-fixtures.ts';

describe('plan document lines: line ends, BOM and normal form', () => {
  it('gives the same plan for CRLF line ends, a BOM and NFD text', () => {
    const variant = parsePlanDocument(`\ufeff${seedText.replace(/\n/gu, '\r\n').normalize('NFD')}`, registry, {
      sourceName: 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt',
    });
    expect(variant.plan).toEqual(seed.plan);
    expect(variant.summary).toEqual(seed.summary);
  });
});

describe('plan document lines: files that are not text', () => {
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
});
