import { describe, expect, it } from 'vitest';
import { parsePlanDocument } from '../plan-document-parser.ts';
import { byCode, registry, SMALL_PLAN, seed } from './testing/plan-document-fixtures.ts';

describe('report schedule: the seed plan', () => {
  it('reads the report schedule of section IV.3', () => {
    expect(seed.plan.reportSchedule).toEqual([
      { period: 'Q1', due: '2025-03-10' },
      { period: 'H1', due: '2025-06-10' },
      { period: 'Q3', due: '2025-09-10' },
      { period: 'Y', due: '2025-12-10' },
    ]);
  });
});

describe('report schedule: built small', () => {
  it('reads the report schedule of a small plan, with a warning for a period it does not support', () => {
    const r = parsePlanDocument(SMALL_PLAN, registry);
    expect(r.plan.reportSchedule).toEqual([
      { period: 'Q1', due: '2026-03-10' },
      { period: 'Y', due: '2026-12-10' },
    ]);
    expect(byCode(r, 'REPORT_PERIOD_UNSUPPORTED')).toEqual([expect.objectContaining({ line: 14 })]);
  });
});
