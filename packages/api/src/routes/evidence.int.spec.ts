import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AT, expectProblem, LATE, useDemoApi } from '../testing/api-spec-kit.ts';

const { demo, get, post } = useDemoApi();
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const upload = (role: 'reporter' | 'office' | 'analyst', query: string, bytes: Buffer, type = 'application/pdf') =>
  post(`/v1/evidence?${query}`, role, bytes, { 'content-type': type });

/** A task the reporter's unit holds and has not finished, in the demo year. */
async function openTaskOfReporter(): Promise<string> {
  const unit = demo().reporterUnit;
  const list = (await get(`/v1/plans/cchc-2025/tasks?unit=${unit}&limit=1000`)).json<{
    items: { taskId: string; statusCode: string; role: string }[];
  }>();
  const open = list.items.find(
    (a) => a.role === 'lead' && ['overdue', 'in_progress', 'not_triggered'].includes(a.statusCode),
  );
  if (!open) throw new Error(`no open lead assignment of ${unit}`);
  return open.taskId;
}

describe('POST /v1/evidence and GET /v1/evidence/{sha256}', () => {
  const scan = pdf('biên bản kiểm tra');

  it('stores an upload by its SHA-256 for the reporter’s unit, once; progress cites it', async () => {
    const first = await upload('reporter', `fileName=${encodeURIComponent('Biên bản 12.pdf')}`, scan);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      sha256: sha256(scan),
      fileName: 'Biên bản 12.pdf',
      size: scan.byteLength,
      mediaType: 'application/pdf',
      alreadyRecorded: false,
      events: [{ type: 'EvidenceFileAdded' }],
    });
    const again = await upload('reporter', 'fileName=copy.pdf', scan);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ sha256: sha256(scan), alreadyRecorded: true, events: [] });

    const taskId = await openTaskOfReporter();
    const unitId = demo().reporterUnit;
    const cited = await post(`/v1/tasks/${taskId}/progress`, 'reporter', {
      unitId,
      percent: 60,
      evidenceFiles: [sha256(scan)],
      evidenceRefs: ['CV 15/VPĐK'],
      at: AT,
      entry: LATE,
    });
    expect(cited.statusCode, cited.body).toBe(201);
    const detail = (await get(`/v1/tasks/${taskId}`, 'reporter')).json<{
      events: { type: string; evidence?: unknown }[];
    }>();
    expect(detail.events.filter((e) => e.type === 'ProgressReported').at(-1)?.evidence).toEqual({
      files: [sha256(scan)],
      unverifiable: ['CV 15/VPĐK'],
    });
    const unknown = await post(`/v1/tasks/${taskId}/progress`, 'reporter', {
      unitId,
      percent: 61,
      evidenceFiles: ['c'.repeat(64)],
      at: AT,
      entry: LATE,
    });
    expect(expectProblem(unknown, 422, 'RULE_VIOLATION').rule).toBe('EVIDENCE_FILE_UNKNOWN');
  });

  it('serves the bytes to the office, inspectors, the appraisers and the unit’s reporter, not to analysts or other units', async () => {
    const hash = sha256(scan);
    for (const role of ['reporter', 'office', 'inspector', 'admin', 'appraiser'] as const) {
      const res = await get(`/v1/evidence/${hash}`, role);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      expect(Buffer.from(res.rawPayload).equals(scan)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('Biên bản 12.pdf')}`,
      );
    }
    expectProblem(await get(`/v1/evidence/${hash}`, 'analyst'), 403, 'ROLE_FORBIDDEN');
    const office = pdf('của Văn phòng Sở');
    expect((await upload('office', 'fileName=vp.pdf&unitId=vp-so', office)).statusCode).toBe(201);
    expectProblem(await get(`/v1/evidence/${sha256(office)}`, 'reporter'), 403, 'UNIT_FORBIDDEN');
    expectProblem(await get(`/v1/evidence/${'d'.repeat(64)}`, 'office'), 404, 'EVIDENCE_FILE_NOT_FOUND');
  });

  it('says when the stored bytes were altered, and does not serve them', async () => {
    const bytes = pdf('sẽ bị sửa');
    const hash = sha256(bytes);
    expect((await upload('office', 'fileName=sua.pdf', bytes)).statusCode).toBe(201);
    expect((await get(`/v1/evidence/${hash}/record`, 'inspector')).json()).toMatchObject({
      fileName: 'sua.pdf',
      uploadedBy: expect.stringMatching(/^api:office:/u),
      file: 'ok',
      contentUrl: `/v1/evidence/${hash}`,
    });
    expect((await get('/v1/audit/evidence', 'inspector')).json()).toMatchObject({ ok: true, problems: [] });
    writeFileSync(demo().services.evidence.pathOf(hash), pdf('đã sửa'));
    expect((await get(`/v1/evidence/${hash}/record`, 'inspector')).json()).toMatchObject({ file: 'altered' });
    expect((await get('/v1/audit/evidence', 'inspector')).json()).toMatchObject({
      ok: false,
      problems: [{ sha256: hash, fileName: 'sua.pdf', problem: 'altered' }],
    });
    expectProblem(await get('/v1/audit/evidence', 'office'), 403, 'ROLE_FORBIDDEN');
    expectProblem(await get(`/v1/evidence/${hash}`, 'inspector'), 500, 'EVIDENCE_FILE_DAMAGED');
  });

  it('refuses a type it does not take, a file over the limit, and a reporter uploading for another unit', async () => {
    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00]);
    expectProblem(
      await upload('office', 'fileName=setup.exe', exe, 'application/octet-stream'),
      400,
      'VALIDATION_FAILED',
    );
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20);
    expectProblem(await upload('office', 'fileName=big.pdf', big), 413, 'BODY_TOO_LARGE');
    expectProblem(await upload('reporter', 'fileName=x.pdf&unitId=vp-so', pdf('x')), 403, 'UNIT_FORBIDDEN');
    expectProblem(await upload('analyst', 'fileName=x.pdf', pdf('x')), 403, 'ROLE_FORBIDDEN');
  });
});
