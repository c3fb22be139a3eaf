import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../application/command-context.ts';
import { handleCommand } from '../application/handle-command.ts';
import { RuleViolationError } from '../deciders/rule-violation.ts';
import { ValidationError } from '../errors/cchc-error.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openLedgerStore } from '../event-store/open-ledger-store.ts';
import { upcast } from '../events/domain/upcasters.ts';
import { addEvidenceFile } from './add-evidence.ts';
import { EvidenceFiles, evidenceDirOf } from './evidence-files.ts';
import { evidenceMarkOf } from './evidence-mark.ts';
import { recordedEvidence, verifyEvidenceFiles } from './evidence-records.ts';

let dir: string;
let store: LedgerStore;
let files: EvidenceFiles;
const now = new Date('2025-02-01T02:00:00Z');
const clock = () => now;
const office: CommandContext = { actor: 'cli:vp-so', source: 'test' };
const at = now.toISOString();
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-evidence-'));
  store = await openLedgerStore({ url: join(dir, 'events.duckdb') });
  files = new EvidenceFiles(evidenceDirOf(dir));
  const run = (command: Parameters<typeof handleCommand>[1]) => handleCommand(store, command, office, { clock });
  await run({
    type: 'IssuePlan',
    at,
    planId: 'cchc-2025',
    year: 2025,
    title: 'KH',
    indicators: [],
    reportSchedule: [],
  });
  await run({
    type: 'EstablishUnit',
    at,
    unitId: 'vpdkdd',
    name: 'Văn phòng Đăng ký đất đai',
    kind: 'trung_tam',
    shortNames: [],
  });
  await run({
    type: 'DefineTask',
    at,
    planYear: 2025,
    taskId: 'II.3',
    area: 'II',
    title: 'Số hóa hồ sơ',
    product: 'Hồ sơ số',
    deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
    lead: ['vpdkdd'],
    coordinators: [],
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('evidence files', () => {
  it('stores a file by its SHA-256, records name, size, type and uploader once, and progress cites it', async () => {
    const upload = { bytes: pdf('quyết định'), fileName: 'C:\\scan\\QĐ 12.pdf', unitId: 'vpdkdd' };
    const added = await addEvidenceFile(store, files, upload, office, now);
    expect(added).toMatchObject({ fileName: 'QĐ 12.pdf', mediaType: 'application/pdf', alreadyRecorded: false });
    expect(added.sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(await recordedEvidence(store, added.sha256)).toMatchObject({
      fileName: 'QĐ 12.pdf',
      size: upload.bytes.byteLength,
      uploadedBy: 'cli:vp-so',
      unitId: 'vpdkdd',
    });
    const again = await addEvidenceFile(store, files, { ...upload, fileName: 'other.pdf' }, office, now);
    expect(again).toMatchObject({ sha256: added.sha256, alreadyRecorded: true });
    expect((await store.readStream(`evidence-${added.sha256}`)).length).toBe(1);

    await handleCommand(
      store,
      {
        type: 'ReportProgress',
        at,
        planYear: 2025,
        taskId: 'II.3',
        unitId: 'vpdkdd',
        percent: 40,
        evidenceRefs: [],
        evidenceFiles: [added.sha256],
      },
      office,
      { clock },
    );
    const progress = (await store.readStream('task-2025-II.3')).at(-1);
    expect(progress?.data).toMatchObject({ evidenceFiles: [added.sha256] });
    expect(await verifyEvidenceFiles(store, files)).toEqual({ ok: true, checked: 1, problems: [] });
  });

  it('refuses progress citing a file that was never added', async () => {
    const unknown = 'a'.repeat(64);
    await expect(
      handleCommand(
        store,
        { type: 'SubmitProduct', at, planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', evidenceFiles: [unknown] },
        office,
        { clock },
      ),
    ).rejects.toSatisfy((e: unknown) => e instanceof RuleViolationError && e.rule === 'EVIDENCE_FILE_UNKNOWN');
  });

  it('verify names an altered file and a missing one', async () => {
    const a = await addEvidenceFile(store, files, { bytes: pdf('a'), fileName: 'bien-ban.pdf' }, office, now);
    const b = await addEvidenceFile(store, files, { bytes: pdf('b'), fileName: 'anh.pdf' }, office, now);
    writeFileSync(files.pathOf(a.sha256), pdf('a, sửa lại'));
    rmSync(files.pathOf(b.sha256));
    const result = await verifyEvidenceFiles(store, files);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.fileName, p.problem])).toEqual([
      ['bien-ban.pdf', 'altered'],
      ['anh.pdf', 'missing'],
    ]);
  });

  it.each([
    ['virus.exe', new Uint8Array([0x4d, 0x5a, 0x90, 0])],
    ['fake.pdf', new Uint8Array(Buffer.from('<html><script>'))],
    ['empty.pdf', new Uint8Array()],
  ])('refuses %s, naming what is accepted', async (fileName, bytes) => {
    await expect(addEvidenceFile(store, files, { bytes, fileName }, office, now)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('keeps old free-text evidence readable (the ProgressReported v1 upcaster), with no verifiable file', () => {
    const v1 = {
      eventId: 'e',
      streamId: 'task-2025-II.3',
      streamRevision: 1,
      globalPosition: 9,
      type: 'ProgressReported',
      schemaVersion: 1,
      data: { taskId: 'II.3', unitId: 'vpdkdd', percent: '45%', evidence: 'CV 12/STNMT; ảnh chụp' },
      metadata: {},
      occurredAt: at,
      recordedAt: at,
    };
    const data = upcast(v1 as never as Parameters<typeof upcast>[0]).data as Record<string, unknown>;
    expect(data).toMatchObject({ percent: 45, evidenceRefs: ['CV 12/STNMT', 'ảnh chụp'] });
    expect(data.evidenceFiles).toBeUndefined();
  });
});

describe('the read side’s evidence mark', () => {
  const event = (type: string, schemaVersion: number, data: Record<string, unknown>) =>
    ({
      eventId: 'e',
      streamId: 'task-2025-II.3',
      streamRevision: 1,
      globalPosition: 9,
      type,
      schemaVersion,
      data,
      metadata: {},
      occurredAt: at,
      recordedAt: at,
    }) as never as Parameters<typeof evidenceMarkOf>[0];

  it('marks v1 free text as unverifiable and stored files as files', () => {
    expect(
      evidenceMarkOf(
        event('ProgressReported', 1, { taskId: 'II.3', unitId: 'u', percent: '5%', evidence: 'CV 1; ảnh' }),
      ),
    ).toEqual({
      files: [],
      unverifiable: ['CV 1', 'ảnh'],
    });
    const h = 'e'.repeat(64);
    expect(evidenceMarkOf(event('TaskCompleted', 1, { taskId: 'II.3', unitId: 'u', evidenceFiles: [h] }))).toEqual({
      files: [h],
      unverifiable: [],
    });
    expect(evidenceMarkOf(event('TaskStarted', 1, { taskId: 'II.3', unitId: 'u' }))).toBeUndefined();
  });
});
