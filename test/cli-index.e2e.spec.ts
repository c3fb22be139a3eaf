import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criteriaSetOf, EXAMPLE_CRITERIA_SET, leavesOf } from '@cchc/core';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAt } from './support/run-cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-index-'));
const data = join(dir, 'data');
const cli = (day: string, args: string[]) => cliAt(day, [...args, '--data', data]);
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
// The dossier's layout (packages/dashboards/src/exports/index-dossier-workbook.ts).
const DOSSIER_SHEET = 'Hồ sơ chấm điểm';
const DOSSIER_TOTAL_LABEL = 'Tổng cộng';
const DOSSIER_HEADERS = [
  'Tiêu chí',
  'Nội dung',
  'Cách chấm',
  'Điểm tối đa',
  'Điểm tự chấm',
  'Tài liệu kiểm chứng (SHA-256)',
  'Điểm thẩm định',
  'Điểm cuối cùng',
  'Ghi chú / lý do thẩm định',
];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const plan = join(dir, 'plan.json');
  expect((await cliAt('2025-01-15T02:00:00Z', ['plan', 'import', SEED_PLAN_PATH, '--out', plan])).code).toBe(0);
  const applied = await cli('2025-01-15T02:00:00Z', ['plan', 'apply', plan, '--at', '2025-01-15T08:00:00+07:00']);
  expect(applied.code, applied.stderr).toBe(0);
});

describe('cchc index', () => {
  it('self-scores, refuses a submission missing evidence, submits, appraises, enters the survey, shows, publishes and ranks', async () => {
    const day = '2025-12-05T02:00:00Z';
    const scan = join(dir, 'kiem-tra.pdf');
    writeFileSync(scan, '%PDF-1.4\nbiên bản kiểm tra CCHC\n%%EOF\n');
    const sha256 = (await cli(day, ['evidence', 'add', scan])).stdout.trim();
    const manual = leavesOf(set).filter((l) => l.method === 'manual');
    for (const l of manual.slice(1)) {
      const r = await cli(day, [
        'index',
        'self-score',
        'so-tnmt',
        l.id,
        '--value',
        String(l.max),
        '--evidence-file',
        sha256,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    const derived = await cli(day, ['index', 'self-score', 'so-tnmt', '1.1.2', '--value', '1']);
    expect(derived.code).toBe(4);
    expect(derived.stderr).toContain('INDEX_CRITERION_NOT_SELF_SCORED');
    const refused = await cli(day, ['index', 'submit', 'so-tnmt']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('tài liệu kiểm chứng');
    expect(refused.stderr).toContain(manual[0]!.id);
    const first = manual[0]!;
    expect(
      (await cli(day, ['index', 'self-score', 'so-tnmt', first.id, '--value', '1', '--evidence-file', sha256])).code,
    ).toBe(0);
    expect((await cli('2025-12-10T02:00:00Z', ['index', 'submit', 'so-tnmt'])).code).toBe(0);
    const later = '2026-01-10T02:00:00Z';
    const appraised = await cli(later, [
      'index',
      'appraise',
      'so-tnmt',
      first.id,
      '--value',
      '0.5',
      '--reason',
      'Thiếu biên bản',
    ]);
    expect(appraised.code, appraised.stderr).toBe(0);
    expect((await cli(later, ['index', 'survey', 'so-tnmt', '--result', '8.1=18', '--result', '8.2=9'])).code).toBe(0);
    const shown = await cli(later, ['index', 'show', 'so-tnmt', '--year', '2025', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const index = JSON.parse(shown.stdout) as {
      self: number;
      appraised: number;
      final: number;
      leaves: { criterionId: string; self: number | null; appraised: number | null }[];
    };
    const leaf = index.leaves.find((l) => l.criterionId === first.id)!;
    expect([leaf.self, leaf.appraised]).toEqual([1, 0.5]);
    // Manual leaves: 54 − (first.max − 1) self, half a point less appraised; survey 27.
    const derivedSelf = index.self - (54 - first.max + 1);
    expect(index.appraised).toBeCloseTo(index.self - 0.5, 9);
    expect(index.final).toBeCloseTo(index.appraised + 27, 9);
    expect(derivedSelf).toBeGreaterThanOrEqual(0);
    const text = await cli(later, ['index', 'show', 'so-tnmt', '--year', '2025']);
    expect(text.stdout).toContain('VÍ DỤ');
    const xlsx = join(dir, 'ho-so.xlsx');
    const dossier = await cli(later, ['index', 'dossier', 'so-tnmt', '--year', '2025', '--out', xlsx]);
    expect(dossier.code, dossier.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet(DOSSIER_SHEET)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...DOSSIER_HEADERS]);
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const firstRow = rows.find((r) => r[0] === first.id)!;
    expect([firstRow[3], firstRow[4], firstRow[5], firstRow[6]]).toEqual([first.max, 1, sha256, 0.5]);
    const totalRow = rows.find((r) => r[0] === DOSSIER_TOTAL_LABEL)!;
    expect(totalRow[4]).toBeCloseTo(index.self, 9);
    expect(totalRow[7]).toBeCloseTo(index.final, 9);
    const published = await cli(later, ['index', 'publish', 'so-tnmt', '--year', '2025']);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('IndexPublished');
    const ranked = await cli(later, ['index', 'rank', 'so-tnmt', '--year', '2025', '--json']);
    expect(ranked.code, ranked.stderr).toBe(0);
    expect(JSON.parse(ranked.stdout).rows[0]).toMatchObject({ departmentId: 'so-tnmt', rank: 1 });
  });
});

describe('cchc simulate --index-dossiers', () => {
  it('writes simulated departments’ dossiers beside the year; they rank, and verify finds every evidence file', async () => {
    const sim = join(dir, 'sim');
    const now = '2026-12-01T02:00:00Z';
    const run = (args: string[]) => cliAt(now, [...args, '--data', sim]);
    const written = await run(['simulate', '--plan', join(dir, 'plan.json'), '--seed', '42', '--index-dossiers', '3']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/index dossiers: 3 Sở \(so-sim-001…\), \d+ events/);
    expect(written.stdout).not.toContain('refused');
    const ranked = await run([
      ...['index', 'rank', 'so-sim-001', 'so-sim-002', 'so-sim-003'],
      ...['--year', '2025', '--as-of', '2026-01-31T23:59:59+07:00', '--json'],
    ]);
    expect(ranked.code, ranked.stderr).toBe(0);
    const rows = JSON.parse(ranked.stdout).rows as { departmentId: string; rank: number; rounded: number }[];
    expect(rows.map((r) => r.departmentId).sort()).toEqual(['so-sim-001', 'so-sim-002', 'so-sim-003']);
    expect(rows.map((r) => r.rounded)).toEqual([...rows.map((r) => r.rounded)].sort((a, b) => b - a));
    const verified = await run(['verify']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});
