import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDb } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RankJson, rankJson as rankJsonOf, simulateDemoYear } from './support/demo-year.ts';
import { repoRoot } from './support/run-cli.ts';
import { cli } from './support/run-cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-rank-'));
let data = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  data = await simulateDemoYear(dir);
});

const rankJson = (...args: string[]) => rankJsonOf(data, ...args);

describe('cchc rank', () => {
  it('ranks every unit of the demo year with a band, as of 15/12 23:59:59 local by default', async () => {
    const ranking = await rankJson('--year', '2025');
    expect(ranking.rulebook).toEqual({ id: 'default-2025', version: 1 });
    expect(ranking.asOf).toBe('2025-12-15T16:59:59.999Z');
    expect(ranking.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ranking.rows.length).toBeGreaterThanOrEqual(9);
    for (const row of ranking.rows) {
      expect(row.score).not.toBeNull();
      expect(['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu']).toContain(row.band);
    }
    const ranks = ranking.rows.map((r) => r.rank!);
    expect(ranks[0]).toBe(1);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    // Scores are unrounded.
    expect(ranking.rows.some((r) => !Number.isInteger(r.score! * 100))).toBe(true);
  });

  it('prints a table with Vietnamese headers; another instant gives another ranking', async () => {
    const table = await cli(['rank', '--data', data]);
    expect(table.stdout).toMatch(/Hạng\s+Đơn vị\s+Điểm\s+Xếp loại/);
    const june = await rankJson('--as-of', '2025-06-30T23:59:59+07:00');
    const end = await rankJson();
    expect(june.asOf).toBe('2025-06-30T16:59:59.000Z');
    expect(june.inputsHash).not.toBe(end.inputsHash);
    expect(june.rows.map((r) => r.score)).not.toEqual(end.rows.map((r) => r.score));
  });

  it('explain accounts for every point of the score, with event ids', async () => {
    const ranking = await rankJson();
    for (const row of ranking.rows.slice(0, 3)) {
      const r = await cli(['explain', row.unitId, '--json', '--data', data]);
      expect(r.code, r.stderr).toBe(0);
      const x = JSON.parse(r.stdout) as {
        unit: {
          score: number;
          tasksValue: number | null;
          reportsValue: number | null;
          bonus: number;
          criticismDeduction: number;
          missingDeduction: number;
        };
        weights: { tasks: number; reports: number };
        areas: { weight: number; value: number }[];
        reports: { value: number; missing: boolean; eventId: string | null }[];
        assignments: { scorable: boolean; role: string; s: number | null; events: { defined: string } }[];
        base: number;
      };
      // tasks = Σ(w × area mean)/Σw; reports = mean; base = weighted; score = base + bonus − deductions.
      const sumW = x.areas.reduce((n, a) => n + a.weight, 0);
      if (x.unit.tasksValue !== null)
        expect(x.areas.reduce((n, a) => n + a.weight * a.value, 0) / sumW).toBeCloseTo(x.unit.tasksValue, 9);
      if (x.unit.reportsValue !== null)
        expect(x.reports.reduce((n, p) => n + p.value, 0) / x.reports.length).toBeCloseTo(x.unit.reportsValue, 9);
      expect(x.unit.missingDeduction).toBe(x.reports.filter((p) => p.missing).length);
      expect(Math.max(0, x.base + x.unit.bonus - x.unit.criticismDeduction - x.unit.missingDeduction)).toBeCloseTo(
        row.score!,
        9,
      );
      expect(x.assignments.every((a) => /^[0-9a-f-]{36}$/.test(a.events.defined))).toBe(true);
      expect(x.reports.filter((p) => !p.missing).every((p) => /^[0-9a-f-]{36}$/.test(p.eventId ?? ''))).toBe(true);
    }
    const text = await cli(['explain', ranking.rows[0]!.unitId, '--data', data]);
    expect(text.stdout).toContain('Điểm cơ sở / base = 100 ×');
    expect(text.stdout).toContain('xếp loại / band');
    const unknown = await cli(['explain', 'khong-co', '--data', data]);
    expect(unknown.code).toBe(9);
    expect(unknown.stderr).toContain('not in the ranking');
  });

  it('publish records the ranking; verify recomputes it at its position; a tampered log does not verify', async () => {
    const published = await cli(['rank', 'publish', '--data', data]);
    expect(published.code, published.stderr).toBe(0);
    const eventId = /sự kiện ([0-9a-f-]{36})/.exec(published.stdout)![1]!;
    const ok = await cli(['rank', 'verify', eventId, '--data', data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('same inputs hash and same rows');
    // Appending later events does not change what was published.
    expect(
      (
        await cli([
          'unit',
          'criticism',
          '--unit',
          'vp-so',
          '--at',
          '2025-12-01T09:00:00+07:00',
          '--backfill',
          'phê bình bằng văn bản, nhập sau / a written criticism, entered later',
          '--data',
          data,
        ])
      ).code,
    ).toBe(0);
    expect((await cli(['rank', 'verify', eventId, '--data', data])).code).toBe(0);
    // An insider moves a completion date in the file: the ranking no longer recomputes.
    const db = await DuckDb.open(join(data, 'events.duckdb'));
    await db.run(
      `UPDATE events SET occurred_at = occurred_at + INTERVAL 120 DAY WHERE global_position = (SELECT min(global_position) FROM events WHERE type = 'TaskCompleted')`,
    );
    // Force the read models to be rebuilt from the altered log.
    await db.run(`UPDATE projection_checkpoints SET version = -1`);
    db.close();
    const tampered = await cli(['rank', 'verify', eventId, '--data', data]);
    expect(tampered.code).toBe(7);
    expect(tampered.stderr).toContain('mismatch');
    expect((await cli(['verify', '--data', data])).code).toBe(3);
  });

  it('takes another rulebook from a file, and refuses an edited one that keeps its version', async () => {
    const rulebook = JSON.parse(
      readFileSync(join(repoRoot, 'packages/projections/rulebooks/default-2025.json'), 'utf8'),
    ) as Record<string, unknown>;
    const other = join(dir, 'reports-heavy.json');
    writeFileSync(other, JSON.stringify({ ...rulebook, id: 'reports-heavy', components: { tasks: 50, reports: 50 } }));
    const r = await cli(['rank', '--json', '--rulebook', other, '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as RankJson).rulebook).toEqual({ id: 'reports-heavy', version: 1 });
    writeFileSync(other, JSON.stringify({ ...rulebook, id: 'reports-heavy', components: { tasks: 40, reports: 60 } }));
    const edited = await cli(['rank', '--rulebook', other, '--data', data]);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain('raise "version"');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...rulebook, bands: [] }));
    const bad = await cli(['rank', '--rulebook', invalid, '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bands');
  });
});

describe('cchc project', () => {
  it('rebuilds the read models from the log to the same ranking, and reports how far they are behind', async () => {
    const before = await rankJson();
    const rebuilt = await cli(['project', 'rebuild', '--data', data]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain(`đến vị trí ${before.position}`);
    const status = await cli(['project', 'status', '--data', data]);
    expect(status.stdout).toContain(`${before.position} / ${before.position} (0 sự kiện chưa chiếu`);
    const after = await rankJson();
    expect(after.inputsHash).toBe(before.inputsHash);
    expect(after.rows).toEqual(before.rows);
  });
});
