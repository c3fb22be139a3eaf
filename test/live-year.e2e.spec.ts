import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RankJson, rankJson, simulateDemoYear } from './support/demo-year.ts';
import { cli, cliAt, cliOnTheDay } from './support/run-cli-in-process.ts';

// Issue 12, as a clerk lives it: a 2026 plan run day by day (the process clock pinned to each
// day), and the 2025 history entered late. Each `it` names the observation it keeps fixed.

const dir = mkdtempSync(join(tmpdir(), 'cchc-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The seed plan re-dated to 2026: the same document, a year later. */
function plan2026(): string {
  const text = join(dir, 'ke-hoach-2026.txt');
  writeFileSync(text, readFileSync(SEED_PLAN_PATH, 'utf8').replaceAll('2025', '2026'));
  return text;
}

type RankOut = RankJson & {
  cutoff: string;
  provisional: boolean;
  clampedToNow: boolean;
  requestedAsOf: string | null;
  notes: { vi: string; en: string }[];
  findings: { code: string }[];
  publication: { sameRows: boolean; changes: { eventId: string; type: string; knownAt: string }[] } | null;
  rows: (RankJson['rows'][number] & { reportsDue: number; reportsMissing: number; missingDeduction: number })[];
};

describe('a 2026 plan lived day by day', () => {
  const data = join(dir, 'data-2026');
  const planJson = join(dir, 'plan-2026.json');
  const on = (day: string, args: string[]) => cliAt(`${day}T10:00:00+07:00`, [...args, '--data', data]);
  const act = async (args: string[]) => {
    const r = await cliOnTheDay([...args, '--data', data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const rankOn = async (day: string, ...args: string[]): Promise<RankOut> => {
    const r = await on(day, ['rank', '--json', '--year', '2026', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as RankOut;
  };

  beforeAll(async () => {
    expect((await cli(['plan', 'import', plan2026(), '--out', planJson])).code).toBe(0);
    // Applied live, on the day the office has it.
    await act(['plan', 'apply', planJson, '--at', '2026-01-20T08:00:00+07:00']);
    await act(['task', 'start', 'VI.1', '--unit', 'tt-cntt-tnmt', '--at', '2026-02-02T09:00:00+07:00']);
    await act(['task', 'submit', 'VI.1', '--unit', 'tt-cntt-tnmt', '--at', '2026-03-02T09:00:00+07:00']);
    await act(['task', 'complete', 'VI.1', '--unit', 'tt-cntt-tnmt', '--at', '2026-03-03T09:00:00+07:00']);
    for (const [period, day] of [
      ['Q1', '2026-03-09'],
      ['H1', '2026-06-09'],
      ['Q3', '2026-09-09'],
    ] as const) {
      await act([
        'report',
        'submit',
        '--unit',
        'tt-cntt-tnmt',
        '--period',
        period,
        '--year',
        '2026',
        '--at',
        `${day}T09:00:00+07:00`,
      ]);
    }
  });

  it('observation 3: a report dated months ago says which kind of date it is, and says what it will be scored on', async () => {
    const report = ['report', 'submit', '--unit', 'vp-so', '--period', 'Q1', '--year', '2026', '--at', '2026-03-09'];
    const unexplained = await on('2026-11-20', report);
    expect(unexplained.code).toBe(4);
    expect(unexplained.stderr).toContain('LATE_ENTRY_UNEXPLAINED');
    expect(unexplained.stderr).toContain('--received-on');
    // The office's incoming register says it arrived on 9/3: on time, whenever it is typed in.
    const received = await on('2026-11-20', [...report, '--received-on', '2026-03-09', '--incoming-ref', '45/CV-VP']);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stdout).toContain('received on 2026-03-09, due 2026-03-10: on time');
    const explained = await on('2026-11-21', ['explain', 'vp-so', '--json', '--year', '2026']);
    const q1 = (
      JSON.parse(explained.stdout) as { reports: { period: string; datedBy: string; workingDaysLate: number }[] }
    ).reports.find((r) => r.period === 'Q1');
    expect(q1).toMatchObject({ datedBy: 'received_on', workingDaysLate: 0 });
  });

  it('observations 4 and 5: before the cutoff the ranking is provisional, as of now, with the 2026 rulebook; nothing not yet due is deducted', async () => {
    const ranking = await rankOn('2026-12-01');
    expect(ranking.rulebook).toEqual({ id: 'default-2026', version: 1 });
    expect(ranking.provisional).toBe(true);
    expect(ranking.asOf).toBe('2026-12-01T03:00:00.000Z');
    expect(ranking.cutoff).toBe('2026-12-15T16:59:59.999Z');
    expect(ranking.notes.map((n) => n.en).join('\n')).toContain('PROVISIONAL as of 2026-12-01 10:00:00');
    const unit = ranking.rows.find((r) => r.unitId === 'tt-cntt-tnmt')!;
    // Three reports due (Q1, H1, Q3), all on time; the annual one, due 10/12, is not deducted yet.
    expect(unit).toMatchObject({ reportsDue: 3, reportsMissing: 0, missingDeduction: 0 });
    // Tasks due 31/12 are not scored yet (at the cutoff they will be).
    const explain = async (day: string) =>
      JSON.parse((await on(day, ['explain', 'tt-cntt-tnmt', '--json', '--year', '2026'])).stdout) as {
        assignments: { due: string | null; scorable: boolean; role: string; completedOn: string | null }[];
      };
    // Open lead assignments due on the last day of the year (VI.1, done in March, is scored already).
    const dueAtYearEnd = (x: Awaited<ReturnType<typeof explain>>) =>
      x.assignments.filter((a) => a.role === 'lead' && a.due === '2026-12-31' && a.completedOn === null);
    expect(dueAtYearEnd(await explain('2026-12-01')).length).toBeGreaterThan(0);
    expect(dueAtYearEnd(await explain('2026-12-01')).every((a) => !a.scorable)).toBe(true);
    expect(dueAtYearEnd(await explain('2026-12-16')).every((a) => a.scorable)).toBe(true);
    // Asked for the cutoff itself, on 1/12: the future is not ranked.
    const asked = await rankOn('2026-12-01', '--as-of', '2026-12-15');
    expect(asked).toMatchObject({ clampedToNow: true, provisional: true, asOf: ranking.asOf });
    expect(asked.notes[0]!.en).toContain('is in the future');
    // A rulebook that does not cover 2026 is refused by name.
    const old = await on('2026-12-01', [
      'rank',
      '--year',
      '2026',
      '--rulebook',
      join(__dirname, '../packages/projections/rulebooks/default-2025.json'),
    ]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('default-2025');
    expect(old.stderr).toContain('2026');
  });

  it('after the cutoff the year-end ranking is final, and the annual report missing is deducted', async () => {
    const final = await rankOn('2026-12-16');
    expect(final.provisional).toBe(false);
    expect(final.asOf).toBe(final.cutoff);
    const unit = final.rows.find((r) => r.unitId === 'tt-cntt-tnmt')!;
    const before = (await rankOn('2026-12-01')).rows.find((r) => r.unitId === 'tt-cntt-tnmt')!;
    expect(unit.score).toBeLessThan(before.score!);
  });
});

describe('the 2025 history entered late', () => {
  let demo = '';
  beforeAll(async () => {
    demo = mkdtempSync(join(dir, 'demo-'));
    demo = await simulateDemoYear(demo);
  });

  it('observation 1: --as-of 2025-12-15 is the end of that day: the cutoff, the same ranking', async () => {
    const byDate = await rankJson(demo, '--as-of', '2025-12-15');
    const byDefault = await rankJson(demo);
    expect(byDate.asOf).toBe('2025-12-15T16:59:59.999Z');
    expect(byDate.inputsHash).toBe(byDefault.inputsHash);
    expect(byDate.rows.map((r) => [r.unitId, r.band, r.rank])).toEqual(
      byDefault.rows.map((r) => [r.unitId, r.band, r.rank]),
    );
  });

  it('observation 7: an event back-filled after publication makes the ranking say it differs, naming the event', async () => {
    const published = await cli(['rank', 'publish', '--data', demo]);
    expect(published.code, published.stderr).toBe(0);
    // Right after publishing, nothing counts that the publication did not (its own event moved the
    // log position, so only the position differs).
    const same = JSON.parse((await cli(['rank', '--json', '--data', demo])).stdout) as RankOut;
    expect(same.publication).toMatchObject({ sameRows: true, changes: [] });
    expect((await cli(['rank', '--data', demo])).stdout).toContain('Same as the ranking published at');
    const backfill = await cli([
      'unit',
      'criticism',
      '--unit',
      'vp-so',
      '--reason',
      'Chậm báo cáo',
      '--at',
      '2025-12-01T09:00:00+07:00',
      '--backfill',
      'văn bản phê bình nhận ngày 2/12/2025 / the criticism arrived on 2/12/2025',
      '--known-at',
      '2025-12-02T09:00:00+07:00',
      '--data',
      demo,
    ]);
    expect(backfill.code, backfill.stderr).toBe(0);
    const after = await cli(['rank', '--data', demo]);
    expect(after.stdout).toContain('DIFFERS from the ranking published');
    expect(after.stdout).toContain('CriticismRecorded unit-vp-so');
    const json = JSON.parse((await cli(['rank', '--json', '--data', demo])).stdout) as RankOut;
    expect(json.publication?.sameRows).toBe(false);
    expect(json.publication?.changes.map((c) => [c.type, c.knownAt])).toEqual([
      ['CriticismRecorded', '2025-12-02T02:00:00.000Z'],
    ]);
  });

  it('observation 2: a past plan applied today must say it is history; one applied too late is repaired by a claim', async () => {
    const data = join(dir, 'data-late-plan');
    const planJson = join(dir, 'plan-2025.json');
    expect((await cli(['plan', 'import', SEED_PLAN_PATH, '--out', planJson])).code).toBe(0);
    const refused = await cli(['plan', 'apply', planJson, '--data', data]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('LATE_ENTRY_UNEXPLAINED');
    expect(refused.stderr).toContain('--backfill');
    // Applied anyway as news learnt today: the 2025 ranking has nothing to rank, and says why.
    const late = await cli(['plan', 'apply', planJson, '--late', 'nhập muộn / entered late', '--data', data]);
    expect(late.code, late.stderr).toBe(0);
    const empty = await cli(['rank', '--year', '2025', '--data', data]);
    expect(empty.code).toBe(9);
    expect(empty.stdout + empty.stderr).toContain('is known only from');
    expect(empty.stdout + empty.stderr).toContain('--backfill "<why>" --known-at');
    // The repair: a claim, with who, when and why, that the office had the plan on 15/1/2025.
    const repaired = await cli([
      'plan',
      'apply',
      planJson,
      '--backfill',
      'kế hoạch ban hành 15/1/2025, nhập hệ thống muộn / issued 15/1/2025, entered late',
      '--known-at',
      '2025-01-15T08:00:00+07:00',
      '--data',
      data,
    ]);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/KnowledgeClaimed [0-9a-f-]{36}/);
    const ranked = await rankJson(data, '--year', '2025');
    expect(ranked.rows.length).toBeGreaterThan(0);
  });
});
