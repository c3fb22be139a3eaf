import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanDefinition } from '@cchc/core';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAt, cliOnTheDay } from './support/run-cli-in-process.ts';

// Issue 13 §2, as the office lives it: the 2026 plan applied in January, amended by decisions
// during the year, and an amended document re-imported in November.

const dir = mkdtempSync(join(tmpdir(), 'cchc-amend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const planJson = join(dir, 'plan.json');
const on = (day: string, args: string[]) => cliAt(`${day}T10:00:00+07:00`, [...args, '--data', data]);
const act = async (day: string, args: string[]) => {
  const r = await on(day, args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};
type RankOut = { rows: { unitId: string; score: number | null }[] };
const scoreOn = async (day: string, unitId: string, asOf?: string) => {
  const r = await act(day, ['rank', '--json', ...(asOf ? ['--as-of', asOf] : [])]);
  return (JSON.parse(r.stdout) as RankOut).rows.find((x) => x.unitId === unitId)?.score;
};

beforeAll(async () => {
  const text = join(dir, 'ke-hoach-2026.txt');
  writeFileSync(text, readFileSync(SEED_PLAN_PATH, 'utf8').replaceAll('2025', '2026'));
  expect((await cli(['plan', 'import', text, '--out', planJson])).code).toBe(0);
  const applied = await cliOnTheDay(['plan', 'apply', planJson, '--at', '2026-01-20T08:00:00+07:00', '--data', data]);
  expect(applied.code, applied.stderr).toBe(0);
  // vp-so reports progress on its ongoing task II.1 every quarter: it has a score to lose.
  for (const day of ['2026-02-10', '2026-05-10', '2026-08-10']) {
    const r = await cliOnTheDay([
      'task',
      'progress',
      'II.1',
      '--unit',
      'vp-so',
      '--percent',
      '50',
      '--at',
      `${day}T09:00:00+07:00`,
      '--data',
      data,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('plan amendments lived through the year', () => {
  it('the document itself (not only its plan.json) is compared: the plan as applied differs in nothing', async () => {
    const same = await act('2026-03-01', [
      'plan',
      'amend',
      join(dir, 'ke-hoach-2026.txt'),
      '--decision',
      '1/QĐ',
      '--decided-on',
      '2026-03-01',
    ]);
    expect(same.stdout).toMatch(/read \S*ke-hoach-2026\.txt: 35 tasks/);
    expect(same.stdout).toContain('nothing differs from what is recorded (35 tasks)');
  });

  it('a task added in September by a decision counts from then on, never before; the history shows it', async () => {
    const before = await scoreOn('2026-09-20', 'vp-so', '2026-09-30');
    const add = [
      'task',
      'add',
      'VI.9',
      '--title',
      'Triển khai chữ ký số cho cán bộ',
      '--due',
      '2026-09-25',
      '--lead',
      'vp-so',
      '--decision',
      '321/QĐ-STNMT',
    ];
    const undated = await on('2026-09-20', add);
    expect(undated.code).toBe(2); // commander: required option '--decided-on' not specified
    await act('2026-09-20', [...add, '--decided-on', '2026-09-18']);
    // Due 25/9, not done: by 30/9 vp-so leads an overdue task it did not have before.
    expect(await scoreOn('2026-10-01', 'vp-so', '2026-09-30')).toBeLessThan(before!);
    expect(await scoreOn('2026-10-01', 'vp-so', '2026-09-19')).toBe(await scoreOn('2026-09-19', 'vp-so'));
    const history = JSON.parse((await act('2026-10-01', ['plan', 'history', '--json'])).stdout) as {
      amendments: { kind: string; taskId: string; decisionRef: string; decidedOn: string }[];
    };
    expect(history.amendments).toEqual([
      expect.objectContaining({
        kind: 'task_added',
        taskId: 'VI.9',
        decisionRef: '321/QĐ-STNMT',
        decidedOn: '2026-09-18',
      }),
    ]);
    const early = JSON.parse((await act('2026-10-01', ['plan', 'history', '--json', '--as-of', '2026-09-01'])).stdout);
    expect(early.amendments).toEqual([]);
  });

  it('an amended document re-imported: the difference is proposed (dry run), written once, and what cannot be expressed is said', async () => {
    const plan = JSON.parse(readFileSync(planJson, 'utf8')) as PlanDefinition;
    const dated = plan.tasks.find((t) => t.deadline.kind === 'date')!;
    const promoted = plan.tasks.find((t) => t.coordinators.length > 0 && t.lead.length > 0 && t.id !== dated.id)!;
    const amended: PlanDefinition = {
      ...plan,
      tasks: [
        ...plan.tasks
          .filter((t) => t.id !== 'VII.1')
          .map((t) => {
            if (t.id === 'II.3') return { ...t, product: 'Hồ sơ được số hóa 100%' };
            if (t.id === dated.id)
              return { ...t, deadline: { ...t.deadline, kind: 'date' as const, due: '2026-12-10' } };
            if (t.id === promoted.id)
              return { ...t, lead: [...t.lead, t.coordinators[0]!], coordinators: t.coordinators.slice(1) };
            return t;
          }),
      ],
    };
    const amendedJson = join(dir, 'plan-amended.json');
    writeFileSync(amendedJson, JSON.stringify(amended));
    const args = ['plan', 'amend', amendedJson, '--decision', '500/QĐ-STNMT', '--decided-on', '2026-11-20'];
    const head = async () => (await act('2026-11-21', ['events', 'list', '--json'])).stdout.length;
    const headBefore = await head();
    const dry = await act('2026-11-21', args);
    expect(dry.stdout).toContain('AmendTask');
    expect(dry.stdout).toContain('SetDeadline');
    expect(dry.stdout).toMatch(/VII\.1\s+WithdrawTask/);
    // VI.9, added by decision, is not in the document: the document is the plan, so it is proposed for withdrawal.
    expect(dry.stdout).toMatch(/VI\.9\s+WithdrawTask/);
    expect(dry.stdout).toContain(`${promoted.id}: ${promoted.coordinators[0]}: vai trò coordinator → lead`);
    expect(dry.stdout).toContain('nothing written (dry run)');
    expect(await head()).toBe(headBefore);

    const written = await act('2026-11-21', [...args, '--write']);
    expect(written.stdout).toContain('recorded 4 amendment events');
    const again = await act('2026-11-22', [...args, '--write']);
    expect(again.stdout).toContain('0 amendments proposed');
    const history = JSON.parse((await act('2026-11-22', ['plan', 'history', '--json'])).stdout) as {
      amendments: { kind: string; taskId: string; decisionRef: string }[];
    };
    expect(
      history.amendments.filter((a) => a.decisionRef === '500/QĐ-STNMT').map((a) => `${a.kind} ${a.taskId}`),
    ).toEqual(
      expect.arrayContaining([
        'task_amended II.3',
        `deadline_set ${dated.id}`,
        'task_withdrawn VII.1',
        'task_withdrawn VI.9',
      ]),
    );
  });
});
