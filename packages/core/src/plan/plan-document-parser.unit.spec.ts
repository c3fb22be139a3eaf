import { describe, expect, it } from 'vitest';
import { parse, registry, seed, seedText, validationIssues } from './plan-document/testing/plan-document-fixtures.ts';
import { parsePlanDocument } from './plan-document-parser.ts';

// The whole import; each part of the document has its own spec beside its module in plan-document/.

describe('parsePlanDocument: the seed plan', () => {
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
});

describe('parsePlanDocument: a small plan', () => {
  it('a plan without section I or a report schedule still imports, with warnings', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\tNhiệm vụ\tKế hoạch\tQuý I/2025\tVăn phòng Sở']);
    expect(r.plan.objectives).toEqual([]);
    expect(r.plan.reportSchedule).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['OBJECTIVES_MISSING', 'REPORT_SCHEDULE_MISSING']),
    );
  });
});

describe('parsePlanDocument: input that is not a plan', () => {
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

  it('a table with no task rows', () => {
    const issues = validationIssues(() => parse(['I\tCải cách thể chế\t\t\t']));
    expect(issues).toEqual([{ path: 'line 8', message: expect.stringContaining('no task rows') }]);
  });
});
