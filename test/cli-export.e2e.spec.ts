import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDb } from '@cchc/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankJson as rankJsonOf, simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-export-'));
let data = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  data = await simulateDemoYear(dir);
});

const rankJson = (...args: string[]) => rankJsonOf(data, ...args);

describe('cchc export', () => {
  it('xlsx: the ranking report as of an instant, equal to cchc rank at that instant', async () => {
    const file = join(dir, 'june.xlsx');
    const asOf = '2025-06-30T23:59:59.999+07:00';
    const run = await cli(['export', 'xlsx', '--out', file, '--as-of', asOf, '--data', data]);
    expect(run.code, run.stderr).toBe(0);
    const ranking = await rankJson('--as-of', asOf);
    expect(run.stdout).toContain(ranking.inputsHash);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      ...['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].map((a) => `Lĩnh vực ${a}`),
      'Quy tắc và đầu vào',
      'Ghi chú',
    ]);
    // The notes sheet says what the ranking means (here: provisional, before the cutoff) and how ties rank.
    const notes = (workbook.getWorksheet('Ghi chú')!.getSheetValues().slice(2) as unknown[][]).map((r) => String(r[2]));
    expect(notes.some((n) => n.startsWith('PROVISIONAL as of'))).toBe(true);
    expect(notes.some((n) => n.includes('share a rank'))).toBe(true);
    const summary = workbook.getWorksheet('Tổng hợp')!.getSheetValues().slice(2) as unknown[][];
    expect(summary.filter((r) => r[1] !== 'Tổng cộng').map((r) => [r[2], r[4]])).toEqual(
      ranking.rows.map((r) => [r.unitId, r.score]),
    );
    const facts = new Map(
      (workbook.getWorksheet('Quy tắc và đầu vào')!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1], r[2]]),
    );
    expect(facts.get('Tính đến (UTC)')).toBe(ranking.asOf);
    expect(facts.get('Băm đầu vào')).toBe(ranking.inputsHash);
  });

  it('parquet: every read model, one file each; the ranking file holds the 15/12 ranking', async () => {
    const out = join(dir, 'parquet');
    const run = await cli(['export', 'parquet', '--out', out, '--data', data]);
    expect(run.code, run.stderr).toBe(0);
    const files = readdirSync(out).sort();
    for (const name of [
      'ranking',
      'assignment_status',
      'progress_by_area',
      'report_timeliness',
      'indicators_vs_targets',
      'task_history',
      'unit_lineage',
      'rm_tasks',
      'rm_units',
      'rm_reports',
    ]) {
      expect(files).toContain(`${name}.parquet`);
    }
    const ranking = await rankJson();
    const db = await DuckDb.open(':memory:');
    try {
      const rows = await db.rows<{ unit_id: string; score: number | null }>(
        `SELECT unit_id, score FROM read_parquet($1) ORDER BY rank NULLS LAST, unit_id`,
        [join(out, 'ranking.parquet')],
      );
      expect(rows.map((r) => [r.unit_id, r.score])).toEqual(ranking.rows.map((r) => [r.unitId, r.score]));
      const events = await db.value<number>(`SELECT count(*)::INTEGER FROM read_parquet($1)`, [
        join(out, 'task_history.parquet'),
      ]);
      expect(run.stdout).toContain(`task_history.parquet  (${events} dòng/rows)`);
    } finally {
      db.close();
    }
  });

  it('csv: only the read models asked for, with a header row', async () => {
    const out = join(dir, 'csv');
    const run = await cli(['export', 'csv', '--only', 'ranking,progress_by_area', '--out', out, '--data', data]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['progress_by_area.csv', 'ranking.csv']);
    const lines = readFileSync(join(out, 'progress_by_area.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toContain('area');
    expect(lines.length - 1).toBe(7);
    const bad = await cli(['export', 'csv', '--only', 'nope', '--out', out, '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('nope');
  });
});
