import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAt } from './support/run-cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-evidence-'));
const data = join(dir, 'data');
const day = '2025-03-03T02:00:00Z';
const cli = (args: string[]) => cliAt(day, [...args, '--data', data]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const plan = join(dir, 'plan.json');
  expect((await cliAt(day, ['plan', 'import', SEED_PLAN_PATH, '--out', plan])).code).toBe(0);
  const applied = await cli([
    'plan',
    'apply',
    plan,
    '--at',
    '2025-01-15T08:00:00+07:00',
    '--backfill',
    'kế hoạch giấy',
  ]);
  expect(applied.code, applied.stderr).toBe(0);
});

describe('cchc evidence add, --evidence-file and cchc verify', () => {
  it('stores a file, cites it in progress, and verify catches the file once altered, naming it', async () => {
    const scan = join(dir, 'bien-ban-nghiem-thu.pdf');
    writeFileSync(scan, '%PDF-1.4\nbiên bản nghiệm thu\n%%EOF\n');
    const added = await cli(['evidence', 'add', scan, '--unit', 'vp-so']);
    expect(added.code, added.stderr).toBe(0);
    const sha256 = added.stdout.trim();
    expect(sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(added.stderr).toContain('EvidenceFileAdded');
    expect(readdirSync(join(data, 'evidence', 'sha256', sha256.slice(0, 2)))).toEqual([sha256]);

    const again = await cli(['evidence', 'add', scan, '--unit', 'vp-so']);
    expect(again.stdout.trim()).toBe(sha256);
    expect(again.stderr).toContain('already recorded');

    const progress = await cli([
      'task',
      'progress',
      'II.6',
      '--unit',
      'vp-so',
      '--percent',
      '30',
      '--evidence-file',
      sha256,
    ]);
    expect(progress.code, progress.stderr).toBe(0);
    const unknown = await cli(['task', 'submit', 'II.6', '--unit', 'vp-so', '--evidence-file', 'b'.repeat(64)]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('tài liệu kiểm chứng chưa được thêm');

    const intact = await cli(['verify']);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('evidence files match their hashes: 1');

    // A backup carries the evidence files; restored elsewhere, verify still finds them intact.
    const backup = join(dir, 'backup');
    const made = await cli(['backup', '--out', backup]);
    expect(made.code, made.stderr).toBe(0);
    const elsewhere = join(dir, 'restored');
    expect((await cliAt(day, ['restore', backup, '--data', elsewhere])).code).toBe(0);
    const restored = await cliAt(day, ['verify', '--data', elsewhere]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('evidence files match their hashes: 1');

    writeFileSync(join(data, 'evidence', 'sha256', sha256.slice(0, 2), sha256), '%PDF-1.4\nbiên bản đã sửa\n%%EOF\n');
    const altered = await cli(['verify']);
    expect(altered.code).toBe(3);
    expect(altered.stderr).toMatch(/✗ bien-ban-nghiem-thu\.pdf: tệp đã bị sửa .* file altered/u);
    expect(altered.stderr).toContain(sha256);
    const refused = await cli(['backup', '--out', join(dir, 'backup-2')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(sha256);
  });

  it('refuses a file of a type that is not accepted, naming the accepted ones (exit 2)', async () => {
    const script = join(dir, 'run.sh');
    writeFileSync(script, '#!/bin/sh\n');
    const r = await cli(['evidence', 'add', script]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loại tệp không được nhận.*pdf, docx/su);
  });
});
