import type { DemoApi } from '@cchc/api/testing';
import { criteriaSetOf, EXAMPLE_CRITERIA_SET, leavesOf } from '@cchc/core';
import { expect } from 'vitest';

export interface SeededEvidence {
  readonly sha256: string;
  readonly bytes: Buffer;
}

/** A command of the index workflow through the API, dated `at`, entered as history the office knew then. */
export async function indexCommand(
  demo: DemoApi,
  role: 'office' | 'appraiser',
  departmentId: string,
  step: string,
  body: object,
  at: string,
): Promise<void> {
  const response = await demo.app.inject({
    method: 'POST',
    url: `/v1/index/2025/departments/${departmentId}/${step}`,
    headers: { authorization: `Bearer ${demo.key[role]}` },
    payload: { ...body, at, entry: { kind: 'backfill', reason: 'thử nghiệm trình duyệt / browser test' } },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** A small PDF uploaded by the office as an evidence file. */
export async function uploadEvidence(demo: DemoApi, fileName: string, text: string): Promise<SeededEvidence> {
  const bytes = Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
  const response = await demo.app.inject({
    method: 'POST',
    url: `/v1/evidence?fileName=${fileName}`,
    headers: { authorization: `Bearer ${demo.key.office}`, 'content-type': 'application/pdf' },
    payload: bytes,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { sha256: response.json<{ sha256: string }>().sha256, bytes };
}

/**
 * so-tnmt's dossier of 2025, through the API: every manual criterion (15) self-scored on 05/12 at
 * its maximum except 1.3 = 1.5 (note "Kiểm tra 3/4 đơn vị") and 7.2 = 4, with `report` as evidence
 * except 2.2, scored without evidence on 05/12 and again with it on 08/12; submitted 10/12; request
 * gt-1 on 3.1 on 11/12, answered 13/12 with `decision`; 3.1 appraised 4 → 3 ("Công bố chậm 1 TTHC")
 * on 18/12; survey 8.1 = 17.25, 8.2 = 8.5 on 20/12. And so-khac, only started: 2.1 = 3 on 05/12.
 */
export async function seedIndexDossier(
  demo: DemoApi,
): Promise<{ readonly report: SeededEvidence; readonly decision: SeededEvidence }> {
  const report = await uploadEvidence(demo, 'bien-ban-kiem-tra.pdf', 'biên bản kiểm tra CCHC');
  const decision = await uploadEvidence(demo, 'quyet-dinh-cong-bo.pdf', 'quyết định công bố TTHC');
  const manual = leavesOf(criteriaSetOf(EXAMPLE_CRITERIA_SET)!).filter((l) => l.method === 'manual');
  expect(manual).toHaveLength(15);
  const chosen: Record<string, number> = { '1.3': 1.5, '7.2': 4 };
  const ref = { criteriaSetId: 'example-so-2025', criteriaSetVersion: 1 };
  const on = (day: string) => `2025-12-${day}T09:00:00+07:00`;
  for (const l of manual) {
    const evidenceFiles = l.id === '2.2' ? [] : [report.sha256];
    const note = l.id === '1.3' ? { note: 'Kiểm tra 3/4 đơn vị' } : {};
    const body = { ...ref, criterionId: l.id, value: chosen[l.id] ?? l.max, evidenceFiles, ...note };
    await indexCommand(demo, 'office', 'so-tnmt', 'self-score', body, on('05'));
  }
  const rescored = { ...ref, criterionId: '2.2', value: 3, evidenceFiles: [report.sha256] };
  await indexCommand(demo, 'office', 'so-tnmt', 'self-score', rescored, on('08'));
  await indexCommand(demo, 'office', 'so-tnmt', 'submit', {}, on('10'));
  const question = { requestId: 'gt-1', criterionId: '3.1', question: 'Bổ sung quyết định công bố TTHC' };
  await indexCommand(demo, 'appraiser', 'so-tnmt', 'request-explanation', question, on('11'));
  const answer = { requestId: 'gt-1', answer: 'Đã bổ sung quyết định', evidenceFiles: [decision.sha256] };
  await indexCommand(demo, 'office', 'so-tnmt', 'answer', answer, on('13'));
  const appraisal = { criterionId: '3.1', value: 3, reason: 'Công bố chậm 1 TTHC' };
  await indexCommand(demo, 'appraiser', 'so-tnmt', 'appraise', appraisal, on('18'));
  const results = [
    { criterionId: '8.1', value: 17.25 },
    { criterionId: '8.2', value: 8.5 },
  ];
  await indexCommand(demo, 'appraiser', 'so-tnmt', 'survey', { results }, on('20'));
  const other = { ...ref, criterionId: '2.1', value: 3, evidenceFiles: [report.sha256] };
  await indexCommand(demo, 'office', 'so-khac', 'self-score', other, on('05'));
  return { report, decision };
}
