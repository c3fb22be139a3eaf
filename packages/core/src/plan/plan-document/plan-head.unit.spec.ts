import { describe, expect, it } from 'vitest';
import { planDefinitionSchema } from '../plan-definition.ts';
import { parsePlanDocument } from '../plan-document-parser.ts';
import { byCode, parse, registry, SMALL_PLAN, seed, validationIssues } from './testing/plan-document-fixtures.ts';

describe('plan head: the seed plan', () => {
  it('reads plan id, year, title, issuer and decision reference', () => {
    expect(seed.plan.planId).toBe('cchc-2025');
    expect(seed.plan.year).toBe(2025);
    expect(seed.plan.title).toBe('Cải cách hành chính của Sở Tài nguyên và Môi trường năm 2025');
    expect(seed.plan.issuer).toBe('Giám đốc Sở Tài nguyên và Môi trường');
    expect(seed.plan.decisionRef).toBe('Quyết định số /QĐ-STNMT ngày /01/2025');
    expect(planDefinitionSchema.safeParse(seed.plan).success).toBe(true);
  });

  it('warns that the appendix heading says 2024 and keeps 2025', () => {
    expect(seed.warnings).toContainEqual(
      expect.objectContaining({ line: 86, code: 'APPENDIX_YEAR_MISMATCH', severity: 'warning' }),
    );
    expect(seed.plan.year).toBe(2025);
  });
});

describe('plan head: built small', () => {
  it('warns when the appendix heading names another year and keeps the title year', () => {
    const r = parse(['I\tCải cách thể chế\t\t\t', '1\tNhiệm vụ\tKế hoạch\tTrong năm\tVăn phòng Sở'], {
      appendixNote: '(Kèm theo Kế hoạch năm 2024)',
    });
    expect(r.plan.year).toBe(2025);
    expect(byCode(r, 'APPENDIX_YEAR_MISMATCH')).toEqual([expect.objectContaining({ line: 6, severity: 'warning' })]);
    expect(r.plan.tasks[0]?.deadline).toMatchObject({ kind: 'date', due: '2025-12-31' });
  });

  it('a title without a year', () => {
    const issues = validationIssues(() =>
      parse(['I\tCải cách thể chế\t\t\t', '1\tA\tX\tQuý I/2025\tVăn phòng Sở'], {
        title: 'Cải cách hành chính của Sở',
      }),
    );
    expect(issues).toEqual([{ path: 'title', message: expect.stringContaining('plan year not found') }]);
  });

  it('takes the plan id from the title year, which deadlines without a year take too (a small plan)', () => {
    const r = parsePlanDocument(SMALL_PLAN, registry);
    expect(r.plan.planId).toBe('cchc-2026');
    expect(r.plan.tasks[0]?.deadline).toMatchObject({ due: '2026-03-31' });
  });
});
