import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDb } from '@cchc/core';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshData = () => join(dir, `data-${++n}`);

const progress = (percent: unknown, extra: Record<string, unknown> = {}) => ({
  streamId: 'task-2025-II.3',
  type: 'ProgressReported',
  data: { taskId: 'II.3', unitId: 'vpdkdd', percent, evidenceRefs: [] },
  occurredAt: '2025-03-05T09:00:00+07:00',
  ...extra,
});

function listJson(
  data: string,
): { globalPosition: number; type: string; data: unknown; metadata: { actor: string; source: string } }[] {
  const r = runCli(['events', 'list', '--json', '--data', data]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('cchc events append / list', () => {
  it('appends one event from a file and an array from stdin, then lists them', () => {
    const data = freshData();
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify(progress(10)));
    const one = runCli(['events', 'append', file, '--data', data]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('Đã ghi 1 sự kiện');
    expect(one.stdout).toContain('appended 1 events');

    const many = runCli(['events', 'append', '--data', data], { input: JSON.stringify([progress(20), progress(30)]) });
    expect(many.code, many.stderr).toBe(0);
    const list = listJson(data);
    expect(list.map((e) => e.globalPosition)).toEqual([1, 2, 3]);
    expect(list.map((e) => (e.data as { percent: number }).percent)).toEqual([10, 20, 30]);
    expect(list[0]!.metadata.source).toBe('cli');
    expect(list[0]!.metadata.actor).toMatch(/^cli:/);

    const table = runCli([
      'events',
      'list',
      '--data',
      data,
      '--stream',
      'task-2025-II.3',
      '--from',
      '1',
      '--limit',
      '1',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('ProgressReported v2');
    expect(table.stdout.split('\n').filter((l) => l.includes('task-2025-II.3'))).toHaveLength(1);
  });

  it('retrying an append with the same event ids writes nothing', () => {
    const data = freshData();
    const input = JSON.stringify([progress(10, { eventId: '6a2f2c8e-0d4e-4c89-9a3e-1f6b0c1d2e3f' })]);
    expect(runCli(['events', 'append', '-', '--data', data], { input }).code).toBe(0);
    const again = runCli(['events', 'append', '-', '--data', data], { input });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already stored');
    expect(listJson(data)).toHaveLength(1);
  });

  it('names the field of a schema-invalid event and appends nothing from the batch', () => {
    const data = freshData();
    expect(runCli(['events', 'append', '--data', data], { input: JSON.stringify(progress(5)) }).code).toBe(0);
    const r = runCli(['events', 'append', '--data', data], { input: JSON.stringify([progress(50), progress(140)]) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('[1].data.percent');
    expect(r.stderr).toContain('không hợp lệ');
    expect(r.stderr).toContain('invalid event');
    expect(listJson(data)).toHaveLength(1);
  });

  it('refuses invalid JSON with its line and column, unknown types, empty and binary files', () => {
    const data = freshData();
    const bad = runCli(['events', 'append', '--data', data], { input: '[\n  {"streamId": "a",\n  "type": }\n]' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/JSON không hợp lệ .*dòng 3/);
    const unknown = runCli(['events', 'append', '--data', data], {
      input: JSON.stringify({ ...progress(1), type: 'TaskExploded' }),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('type');
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(runCli(['events', 'append', empty, '--data', data]).stderr).toContain('rỗng');
    const binary = join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    const bin = runCli(['events', 'append', binary, '--data', data]);
    expect(bin.code).toBe(2);
    expect(bin.stderr).toContain('nhị phân');
    const missing = runCli(['events', 'append', join(dir, 'nope.json'), '--data', data]);
    expect(missing.code).toBe(2);
    // A refused recordedAt outside a backfill names its field too.
    const recorded = runCli(['events', 'append', '--data', data], {
      input: JSON.stringify({ ...progress(1), recordedAt: '2025-03-06T09:00:00+07:00' }),
    });
    expect(recorded.code).toBe(2);
    expect(recorded.stderr).toContain('recordedAt');
  });

  it('accepts an event in an older schema version (upcast to validate) and keeps it as written', () => {
    const data = freshData();
    const old = {
      ...progress('45%'),
      schemaVersion: 1,
      data: { taskId: 'II.3', unitId: 'vpdkdd', percent: '45%', evidence: 'CV 1' },
    };
    expect(runCli(['events', 'append', '--data', data], { input: JSON.stringify(old) }).code).toBe(0);
    expect(listJson(data)[0]!.data).toEqual(old.data);
  });

  it('honours CCHC_DATA and resolves a relative --data from the caller’s directory', () => {
    const data = freshData();
    expect(runCli(['events', 'append'], { input: JSON.stringify(progress(1)), env: { CCHC_DATA: data } }).code).toBe(0);
    expect(listJson(data)).toHaveLength(1);
    const r = runCli(['events', 'list', '--data', `./data-${n}`, '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('a read command on a missing store says so', () => {
    const r = runCli(['events', 'list', '--data', join(dir, 'nothing-here')]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('Không có kho sự kiện');
  });
});

describe('cchc verify', () => {
  it('exits 0 on an intact chain and names the altered position after a payload is changed in the file', async () => {
    const data = freshData();
    const batch = [1, 2, 3, 4, 5, 6].map((p) => progress(p * 10));
    expect(runCli(['events', 'append', '--data', data], { input: JSON.stringify(batch) }).code).toBe(0);
    const ok = runCli(['verify', '--data', data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Hash chain intact: 6 events');

    // An insider edits one payload directly in the DuckDB file.
    const db = await DuckDb.open(join(data, 'events.duckdb'));
    await db.run(
      `UPDATE events SET data = '{"taskId":"II.3","unitId":"vpdkdd","percent":100,"evidenceRefs":[]}' WHERE global_position = 4`,
    );
    db.close();

    const broken = runCli(['verify', '--data', data]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('vị trí 4');
    expect(broken.stderr).toContain('position 4');
    expect(broken.stderr).toContain('hash_mismatch');
  });

  it('names the position of a deleted event', async () => {
    const data = freshData();
    expect(
      runCli(['events', 'append', '--data', data], { input: JSON.stringify([1, 2, 3].map((p) => progress(p))) }).code,
    ).toBe(0);
    const db = await DuckDb.open(join(data, 'events.duckdb'));
    await db.run(`DELETE FROM events WHERE global_position = 2`);
    db.close();
    const broken = runCli(['verify', '--data', data]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('missing_position');
    expect(broken.stderr).toContain('position 2');
  });

  it('names the position of a lookup column changed without its payload', async () => {
    const data = freshData();
    expect(
      runCli(['events', 'append', '--data', data], { input: JSON.stringify([1, 2].map((p) => progress(p))) }).code,
    ).toBe(0);
    const db = await DuckDb.open(join(data, 'events.duckdb'));
    await db.run(`UPDATE events SET unit_id = 'other-unit' WHERE global_position = 2`);
    db.close();
    const broken = runCli(['verify', '--data', data]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('derived_column_mismatch');
  });
});

describe('cchc start (the main job)', () => {
  it('imports the seed plan, simulates the demo year into an empty store, verifies the chain; a second run keeps the data', () => {
    const data = freshData();
    const first = runCli(['start', '--no-serve', '--data', data]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('35 nhiệm vụ/tasks');
    expect(first.stdout).toMatch(/demo year: \d+ events through the deciders/);
    expect(first.stdout).toContain('Hash chain intact');
    // Issue 17, finding 8: the first keys are printed without serving too, once.
    expect(first.stdout).toMatch(/admin {3}cchc_[a-f0-9]{12}_/);
    expect(first.stdout).toMatch(/analyst cchc_[a-f0-9]{12}_/);
    const head = /head at position (\d+)/.exec(first.stdout)?.[1];
    const second = runCli(['start', '--no-serve', '--data', data]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('kept as it is');
    expect(second.stdout).not.toMatch(/cchc_[a-f0-9]{12}_/);
    expect(/head at position (\d+)/.exec(second.stdout)?.[1]).toBe(head);
    expect(repoRoot).toBeTruthy();
  });
});
