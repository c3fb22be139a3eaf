import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore } from '@cchc/core';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { cliOnTheDay as cli, cli as cliNow } from './support/run-cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-plan-'));
const seed = SEED_PLAN_PATH;
const planJson = join(dir, 'plan.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshData = () => join(dir, `data-${++n}`);

async function events(data: string) {
  const store = await openLedgerStore({ url: join(data, 'events.duckdb'), readOnly: true });
  try {
    return [...(await store.readAll({ limit: 100_000 }))];
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  const r = await cli(['plan', 'import', seed, '--out', planJson]);
  expect(r.code, r.stderr).toBe(0);
});

describe('cchc plan import', () => {
  it('reads the seed into 35 tasks and prints the summary with warnings naming their rows', async () => {
    const r = await cli(['plan', 'import', seed, '--out', join(dir, 'again.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nhiệm vụ/tasks: 35');
    expect(r.stdout).toContain('dòng nối/continuation rows merged: 2');
    expect(r.stdout).toContain('dòng tiêu đề bỏ qua/header rows skipped: 7');
    expect(r.stdout).toMatch(/dòng\/line 86 \[APPENDIX_YEAR_MISMATCH\]/);
    expect(r.stdout).toMatch(/dòng\/line \d+ \(I\.2\) \[UNITS_TO_BE_NAMED\]/);
    expect(r.stderr).toContain('VÍ DỤ');
    const plan = JSON.parse(readFileSync(planJson, 'utf8')) as { year: number; tasks: { id: string }[] };
    expect(plan.year).toBe(2025);
    expect(plan.tasks.map((t) => t.id).at(-1)).toBe('VII.3');
  });

  it('reads the .docx and .xlsx fixtures into the same plan, warnings saying where in the file', async () => {
    const plainTasks = (file: string) =>
      (JSON.parse(readFileSync(file, 'utf8')) as { tasks: { sourceLines?: number[] }[] }).tasks.map(
        ({ sourceLines: _lines, ...task }) => task,
      );
    for (const [format, where] of [
      ['docx', /bảng 1, hàng \d+ — table 1, row \d+ \(I\.2\) \[UNITS_TO_BE_NAMED\]/],
      ['xlsx', /trang tính “Phụ lục”, hàng \d+ — sheet “Phụ lục”, row \d+ \(I\.2\) \[UNITS_TO_BE_NAMED\]/],
    ] as const) {
      const out = join(dir, `from-${format}.json`);
      const r = await cli(['plan', 'import', seed.replace(/\.txt$/u, `.${format}`), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`[${format}]`);
      expect(r.stdout).toContain('nhiệm vụ/tasks: 35');
      expect(r.stdout).toContain('dòng nối/continuation rows merged: 2');
      expect(r.stdout).toMatch(where);
      expect(plainTasks(out)).toEqual(plainTasks(planJson));
    }
  });

  it('refuses a PDF or an old Word file naming its kind and how to convert it (exit 2)', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['plan.pdf', Buffer.from('%PDF-1.7\n'), /plan\.pdf là tệp PDF.*Tệp → Mở.*\.docx/s],
      ['plan.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Word 97–2003.*\.docx/s],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = await cli(['plan', 'import', file, '--out', join(dir, `${name}.json`)]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses what is not a plan, with a clear error naming the line or field and a non-zero exit', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.txt', '', /rỗng|empty/i],
      ['binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14]), /nhị phân|binary/],
      [
        'letter.txt',
        'Kính gửi: các phòng, đơn vị\n\nVăn phòng Sở thông báo lịch họp giao ban tuần.\n',
        /không tìm thấy bảng phụ lục.*no appendix table found/,
      ],
      [
        'columns.txt',
        readFileSync(seed, 'utf8').replace(/\tSản phẩm\tTiến độ/g, ''),
        /line 88: bảng thiếu cột “Sản phẩm”/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = await cli(['plan', 'import', file, '--out', join(dir, `${name}.json`)]);
      expect(r.code, `${name}: ${r.stdout}`).toBe(2);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('✗'))).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('cchc plan apply', () => {
  it('appends the plan, its units and tasks once; a second apply writes nothing', async () => {
    const data = freshData();
    const first = await cli(['plan', 'apply', planJson, '--data', data, '--at', '2025-01-15T08:00:00+07:00']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('35 nhiệm vụ');
    const count = (await events(data)).length;
    const second = await cli(['plan', 'apply', planJson, '--data', data, '--at', '2025-01-15T08:00:00+07:00']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing written');
    expect((await events(data)).length).toBe(count);
  });

  it('refuses a plan.json that fails its schema, naming the field, and appends nothing', async () => {
    const data = freshData();
    const broken = JSON.parse(readFileSync(planJson, 'utf8')) as { tasks: { id: string }[] };
    broken.tasks[3]!.id = 'II-3';
    const file = join(dir, 'broken-plan.json');
    writeFileSync(file, JSON.stringify(broken));
    const r = await cli(['plan', 'apply', file, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tasks[3].id');
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ "year": 2025,');
    expect((await cli(['plan', 'apply', notJson, '--data', data])).code).toBe(2);
    expect((await cli(['events', 'list', '--data', data])).code).toBe(6);
  });
});

describe('acting on the plan through the deciders', () => {
  let data: string;
  beforeAll(async () => {
    data = freshData();
    expect((await cli(['plan', 'apply', planJson, '--data', data, '--at', '2025-01-15T08:00:00+07:00'])).code).toBe(0);
  });
  const ok = async (args: string[]) => {
    const r = await cli([...args, '--data', data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const last = async () => (await events(data)).at(-1)!;

  it('task start, progress, submit, return, complete, reopen, cancel, set-deadline, excuse', async () => {
    await ok(['task', 'start', 'II.6', '--unit', 'vp-so', '--at', '2025-02-03T09:00:00+07:00']);
    await ok([
      'task',
      'progress',
      'II.6',
      '--unit',
      'vp-so',
      '--percent',
      '40',
      '--note',
      'Đã giao chỉ tiêu',
      '--evidence',
      'CV 1/VP',
      '--evidence',
      'CV 2/VP',
      '--at',
      '2025-03-03T09:00:00+07:00',
    ]);
    expect(await last()).toMatchObject({
      type: 'ProgressReported',
      data: { percent: 40, evidenceRefs: ['CV 1/VP', 'CV 2/VP'], note: 'Đã giao chỉ tiêu' },
    });
    await ok([
      'task',
      'submit',
      'II.6',
      '--unit',
      'vp-so',
      '--product',
      'QĐ 12/STNMT',
      '--at',
      '2025-04-01T09:00:00+07:00',
    ]);
    await ok([
      'task',
      'return',
      'II.6',
      '--unit',
      'vp-so',
      '--reason',
      'Thiếu phụ lục',
      '--at',
      '2025-04-03T09:00:00+07:00',
    ]);
    await ok(['task', 'submit', 'II.6', '--unit', 'vp-so', '--at', '2025-04-10T09:00:00+07:00']);
    await ok(['task', 'complete', 'II.6', '--unit', 'vp-so', '--at', '2025-04-12T09:00:00+07:00']);
    await ok([
      'task',
      'reopen',
      'II.6',
      '--unit',
      'vp-so',
      '--reason',
      'Sai số liệu',
      '--at',
      '2025-04-20T09:00:00+07:00',
    ]);
    await ok(['task', 'complete', 'II.6', '--unit', 'vp-so', '--year', '2025', '--at', '2025-04-25T09:00:00+07:00']);
    await ok([
      'task',
      'set-deadline',
      'VII.1',
      '--due',
      '2025-09-30',
      '--decision',
      '1234/UBND-KSTT',
      '--at',
      '2025-04-01T09:00:00+07:00',
    ]);
    expect(await last()).toMatchObject({
      type: 'DeadlineSet',
      data: { due: '2025-09-30', decisionRef: '1234/UBND-KSTT' },
    });
    await ok([
      'task',
      'excuse',
      'VII.1',
      '--unit',
      'vp-so',
      '--reason',
      'Chờ hướng dẫn của UBND tỉnh',
      '--at',
      '2025-10-02T09:00:00+07:00',
    ]);
    expect(await last()).toMatchObject({ type: 'DelayExcused', data: { excusedBy: expect.stringMatching(/^cli:/) } });
    await ok([
      'task',
      'cancel',
      'V.4',
      '--unit',
      'vp-so',
      '--reason',
      'Bãi bỏ theo chỉ đạo',
      '--at',
      '2025-05-02T09:00:00+07:00',
    ]);
    const types = (await events(data)).slice(-11).map((e) => e.type);
    expect(types).toEqual([
      'TaskStarted',
      'ProgressReported',
      'ProductSubmitted',
      'ProductReturned',
      'ProductSubmitted',
      'TaskCompleted',
      'TaskReopened',
      'TaskCompleted',
      'DeadlineSet',
      'DelayExcused',
      'TaskCancelled',
    ]);
  });

  it('refuses through the rules, naming task, unit and rule, exit 4, nothing appended', async () => {
    const before = (await events(data)).length;
    const r = await cli([
      'task',
      'complete',
      'V.4',
      '--unit',
      'vp-so',
      '--at',
      '2025-06-01T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('V.4');
    expect(r.stderr).toContain('vp-so');
    expect(r.stderr).toContain('ASSIGNMENT_CANCELLED');
    const noDecision = await cli([
      'task',
      'set-deadline',
      'VII.2',
      '--due',
      '2025-10-30',
      '--at',
      '2025-06-01T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(noDecision.code).toBe(4);
    expect(noDecision.stderr).toContain('DECISION_REFERENCE_REQUIRED');
    const unknownTask = await cli([
      'task',
      'start',
      'II.99',
      '--unit',
      'vp-so',
      '--at',
      '2025-06-01T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(unknownTask.code).toBe(4);
    expect(unknownTask.stderr).toContain('TASK_NOT_DEFINED');
    const notAssigned = await cli([
      'task',
      'start',
      'VI.1',
      '--unit',
      'khong-co',
      '--at',
      '2025-06-01T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(notAssigned.stderr).toContain('UNIT_NOT_ASSIGNED');
    const wrongYear = await cli([
      'task',
      'start',
      'VI.1',
      '--unit',
      'tt-cntt-tnmt',
      '--at',
      '2026-01-05T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(wrongYear.stderr).toContain('OUTSIDE_PLAN_YEAR');
    const badDate = await cli([
      'task',
      'start',
      'VI.1',
      '--unit',
      'tt-cntt-tnmt',
      '--at',
      '2025-02-30',
      '--data',
      data,
    ]);
    expect(badDate.code).toBe(2);
    expect((await events(data)).length).toBe(before);
  });

  it('report submit, indicator record, and a backfill with when the office knew and why', async () => {
    // Typed in today (the real clock), as history the office knew on 20/3/2025.
    const typedToday = await cliNow([
      'report',
      'submit',
      '--unit',
      'chi-cuc-qldd',
      '--period',
      'Q1',
      '--year',
      '2025',
      '--at',
      '2025-03-12T09:00:00+07:00',
      '--backfill',
      'sổ công văn giấy / paper register',
      '--known-at',
      '2025-03-20T09:00:00+07:00',
      '--data',
      data,
    ]);
    expect(typedToday.code, typedToday.stderr).toBe(0);
    expect(typedToday.stdout).toContain(
      'known to the office on (backfill) 2025-03-20, due 2025-03-10: 10 calendar days late',
    );
    const report = await last();
    expect(report).toMatchObject({
      type: 'PeriodicReportSubmitted',
      occurredAt: '2025-03-12T02:00:00.000Z',
      metadata: {
        source: 'backfill',
        knownAt: '2025-03-20T02:00:00.000Z',
        reason: 'sổ công văn giấy / paper register',
      },
    });
    expect(Date.parse(report.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    await ok([
      'indicator',
      'record',
      'IND-2d-2',
      '--value',
      '72.5',
      '--period',
      'Q2',
      '--at',
      '2025-06-30T17:00:00+07:00',
    ]);
    expect(await last()).toMatchObject({
      type: 'IndicatorMeasured',
      data: { indicatorId: 'IND-2d-2', value: 72.5, period: 'Q2' },
    });
    const bad = await cli([
      'report',
      'submit',
      '--unit',
      'chi-cuc-qldd',
      '--period',
      'Q2',
      '--year',
      '2025',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('period');
  });

  it('unit rename, initiative, criticism, sanction, establish, merge and split', async () => {
    await ok([
      'unit',
      'rename',
      'tt-quan-trac-tnmt',
      '--name',
      'Trung tâm Quan trắc môi trường',
      '--at',
      '2025-03-01T09:00:00+07:00',
    ]);
    await ok([
      'unit',
      'initiative',
      '--unit',
      'vp-dkdd',
      '--level',
      'province',
      '--title',
      'Một cửa số',
      '--at',
      '2025-05-01T09:00:00+07:00',
    ]);
    await ok([
      'unit',
      'criticism',
      '--unit',
      'thanh-tra-so',
      '--reason',
      'Chậm báo cáo',
      '--at',
      '2025-05-02T09:00:00+07:00',
    ]);
    await ok([
      'unit',
      'sanction',
      '--unit',
      'phong-khoang-san',
      '--kind',
      'khien_trach',
      '--at',
      '2025-05-03T09:00:00+07:00',
    ]);
    const merged = await ok([
      'unit',
      'merge',
      'chi-cuc-bien-hai-dao',
      '--into',
      'chi-cuc-qldd',
      '--decision',
      '1202/QĐ-UBND',
      '--at',
      '2025-07-01T08:00:00+07:00',
    ]);
    expect(merged.stdout).toContain('UnitMergedInto');
    await ok([
      'unit',
      'establish',
      'phong-a',
      '--name',
      'Phòng A',
      '--kind',
      'phong',
      '--at',
      '2025-08-01T08:00:00+07:00',
    ]);
    await ok([
      'unit',
      'establish',
      'phong-b',
      '--name',
      'Phòng B',
      '--kind',
      'phong',
      '--at',
      '2025-08-01T08:00:00+07:00',
    ]);
    const split = await ok([
      'unit',
      'split',
      'phong-moi-truong',
      '--into',
      'phong-a,phong-b',
      '--decision',
      '77/QĐ',
      '--at',
      '2025-08-02T08:00:00+07:00',
    ]);
    expect(split.stdout).toContain('UnitSplit');
    const log = await events(data);
    expect(
      log.filter((e) => e.type === 'TaskReassigned' && (e.data as { toUnitId: string }).toUnitId === 'phong-a').length,
    ).toBeGreaterThan(0);
    const refused = await cli([
      'unit',
      'merge',
      'phong-b',
      '--into',
      'phong-moi-truong',
      '--decision',
      'x',
      '--at',
      '2025-09-01T08:00:00+07:00',
      '--data',
      data,
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('MERGE_TARGET_INACTIVE');
  });
});

describe('cchc simulate', () => {
  it('gives the same events for the same seed (as a user runs it), and refuses a store that is not empty', () => {
    const [a, b] = [freshData(), freshData()];
    const first = runCli(['simulate', '--plan', planJson, '--seed', '42', '--data', a]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/appended [\d,]+ events for 1 department/);
    expect(first.stdout).not.toContain('refused');
    expect(runCli(['simulate', '--plan', planJson, '--seed', '42', '--data', b]).code).toBe(0);
    // The store records at its own clock, so two runs differ in recordedAt (and hence the hashes):
    // everything the seed decides is the same.
    const decided = (data: string) =>
      (
        JSON.parse(runCli(['events', 'list', '--json', '--limit', '100000', '--data', data]).stdout) as {
          recordedAt?: string;
          prevHash?: string;
          hash?: string;
        }[]
      ).map(({ recordedAt: _r, prevHash: _p, hash: _h, ...rest }) => rest);
    const [eventsA, eventsB] = [decided(a), decided(b)];
    expect(eventsA.length).toBe(534);
    expect(eventsA).toEqual(eventsB);
    const again = runCli(['simulate', '--plan', planJson, '--seed', '42', '--data', a]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('not empty');
  });
});
