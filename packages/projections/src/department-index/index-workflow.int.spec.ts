import {
  criteriaSetOf,
  EXAMPLE_CRITERIA_SET,
  handleCommand,
  type IndexCommand,
  type LedgerCommand,
  type LedgerStore,
  leavesOf,
  openLedgerStore,
  RuleViolationError,
} from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionEngine } from '../read-models/projection-engine.ts';
import { appendHistories } from '../testing/history.ts';
import { indexLedger } from '../testing/index-ledger.ts';
import { computeDepartmentIndex } from './department-index.ts';

/**
 * One department walked through the whole workflow by the decision engine: self-scoring, a
 * refused submission (a manual criterion without evidence), submission, a request for
 * explanation and its answer, appraisal, the survey, publication; the final index against a hand
 * computation, and its recomputation at the published position.
 */
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const subject = { departmentId: 'so-tnmt', year: 2025 };
const fileA = 'a1'.repeat(32);
const fileB = 'b2'.repeat(32);
const local = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();
/** Self-scores: every manual criterion at its maximum except these (hand computation below). */
const SELF: Readonly<Record<string, number>> = { '1.3': 1.5, '3.1': 4, '5.2': 3 };

describe('department index workflow (decision engine → read models → index)', () => {
  let now = new Date(0);
  let store: LedgerStore;
  let engine: ProjectionEngine;
  const run = (command: LedgerCommand, actor = 'test:van-phong') => {
    now = new Date(command.at);
    return handleCommand(store, command, { actor, source: 'test' }, { clock: () => new Date(command.at) });
  };
  const refusal = async (command: LedgerCommand) => {
    try {
      await run(command);
    } catch (error) {
      if (error instanceof RuleViolationError) return error.rule;
      throw error;
    }
    return 'accepted';
  };

  beforeAll(async () => {
    store = await openLedgerStore({ url: 'duckdb::memory:', clock: () => now });
    await appendHistories(store, [indexLedger()], (instant) => {
      now = new Date(instant);
    });
    engine = await ProjectionEngine.open(store);
  });
  afterAll(async () => {
    engine.close();
    await store.close();
  });

  it('walks self-scoring → submission → explanation → appraisal → survey → publication', async () => {
    for (const sha256 of [fileA, fileB]) {
      await run({
        type: 'AddEvidenceFile',
        sha256,
        fileName: `${sha256.slice(0, 4)}.pdf`,
        size: 10,
        mediaType: 'application/pdf',
        at: local('2025-12-01'),
      });
    }
    const manual = leavesOf(set).filter((l) => l.method === 'manual');
    const score = (id: string, value: number, evidenceFiles: string[]): IndexCommand => ({
      type: 'SelfScoreCriterion',
      ...subject,
      criteriaSetId: set.id,
      criteriaSetVersion: set.version,
      criterionId: id,
      value,
      note: `Tự chấm ${id}`,
      evidenceFiles,
      at: local('2025-12-05'),
    });
    // An evidence file not added first is refused; a self-score without evidence is a draft.
    expect(await refusal(score('2.1', 3, ['cc'.repeat(32)]))).toBe('EVIDENCE_FILE_UNKNOWN');
    for (const l of manual) await run(score(l.id, SELF[l.id] ?? l.max, l.id === '4.2' ? [] : [fileA]));
    const submit: IndexCommand = { type: 'SubmitIndexDossier', ...subject, at: local('2025-12-12') };
    expect(await refusal(submit)).toBe('INDEX_EVIDENCE_REQUIRED');
    await run(score('4.2', 3, [fileA, fileB]));
    await run(submit);
    expect(await refusal(score('2.1', 1, [fileA]))).toBe('INDEX_DOSSIER_LOCKED');

    const appraiser = 'test:hoi-dong-tham-dinh';
    await run(
      {
        type: 'RequestExplanation',
        ...subject,
        requestId: 'gt-1',
        criterionId: '3.1',
        question: 'Bổ sung quyết định công bố TTHC',
        at: local('2026-01-05'),
      },
      appraiser,
    );
    const publish = (values: {
      self: number;
      appraised: number;
      final: number;
      band: string;
      inputsHash: string;
      atPosition: number;
      asOf: string;
    }): IndexCommand => ({
      type: 'PublishIndex',
      ...subject,
      ...values,
      at: local('2026-01-20'),
    });
    const placeholder = {
      self: 0,
      appraised: 0,
      final: 0,
      band: 'Yếu',
      inputsHash: 'ab'.repeat(32),
      atPosition: 0,
      asOf: local('2026-01-20'),
    };
    expect(await refusal(publish(placeholder))).toBe('INDEX_REQUESTS_OPEN');
    await run({
      type: 'AnswerExplanation',
      ...subject,
      requestId: 'gt-1',
      answer: 'Đã bổ sung QĐ công bố',
      evidenceFiles: [fileB],
      at: local('2026-01-07'),
    });
    await run(
      {
        type: 'AppraiseCriterion',
        ...subject,
        criterionId: '3.1',
        value: 3,
        reason: 'Công bố chậm 1 TTHC',
        at: local('2026-01-10'),
      },
      appraiser,
    );
    await run(
      {
        type: 'AppraiseCriterion',
        ...subject,
        criterionId: '5.2',
        value: 2.5,
        reason: 'Thiếu báo cáo kỷ luật',
        at: local('2026-01-10'),
      },
      appraiser,
    );
    await run(
      {
        type: 'AppraiseCriterion',
        ...subject,
        criterionId: '1.1.2',
        value: 2,
        reason: 'III.1 được gia hạn',
        at: local('2026-01-10'),
      },
      appraiser,
    );
    expect(await refusal(publish(placeholder))).toBe('INDEX_SURVEY_MISSING');
    await run(
      {
        type: 'EnterSurveyResults',
        ...subject,
        results: [
          { criterionId: '8.1', value: 17.25 },
          { criterionId: '8.2', value: 8.5 },
        ],
        at: local('2026-01-15'),
      },
      appraiser,
    );

    await engine.catchUp(await store.headPosition());
    const db = engine.database;
    const asOf = local('2026-01-20');
    const index = await computeDepartmentIndex(db, { ...subject, asOf });
    // Hand computation. Manual maxima add up to 70 − 16 (derived) = 54; self-scores 0.5 + 1 below
    // them: 52.5. Derived (derived-criteria.int.spec.ts): 0.5 + 1 + 1 + 3 + 2 = 7.5. Self 60.
    // Appraisal: 3.1 4 → 3, 5.2 3 → 2.5, 1.1.2 1 → 2: 59.5. Survey 17.25 + 8.5. Final 85.25: Tốt.
    expect(index.self).toBeCloseTo(60, 9);
    expect(index.appraised).toBeCloseTo(59.5, 9);
    expect(index.final).toBeCloseTo(85.25, 9);
    expect(index.published).toEqual({ final: 85.25, band: 'Tốt' });
    const area = (id: string) => index.areas.find((a) => a.areaId === id)!;
    expect([area('1').self, area('1').appraised]).toEqual([9, 10]);
    expect([area('3').self, area('3').appraised]).toEqual([12, 11]);
    expect([area('5').self, area('5').appraised]).toEqual([7, 6.5]);
    expect(area('8')).toMatchObject({ self: 0, appraised: 0, final: 25.75 });
    const leaf31 = index.leaves.find((l) => l.criterionId === '3.1')!;
    expect(leaf31).toMatchObject({
      self: 4,
      appraised: 3,
      final: 3,
      appraisalReason: 'Công bố chậm 1 TTHC',
      evidenceFiles: [fileA],
    });
    expect(leaf31.eventIds).toHaveLength(2);
    expect(index.status).toMatchObject({
      submitted: true,
      submittedLate: false,
      openRequests: [],
      surveyEntered: true,
      publication: null,
    });
    expect(index.criteriaSet).toMatchObject({ id: 'example-so-2025', version: 1, example: true });

    const values = {
      self: index.self,
      appraised: index.appraised,
      final: index.published.final,
      band: index.published.band,
      inputsHash: index.inputsHash,
      atPosition: index.position,
      asOf: index.asOf,
    };
    await run(publish(values), appraiser);
    expect(await refusal(publish(values))).toBe('INDEX_ALREADY_PUBLISHED');
    await engine.catchUp(await store.headPosition());
    const again = await computeDepartmentIndex(db, { ...subject, asOf, position: index.position });
    expect(again.inputsHash).toBe(index.inputsHash);
    const later = await computeDepartmentIndex(db, { ...subject, asOf: local('2026-01-21') });
    expect(later.status.publication).toMatchObject({ final: 85.25, band: 'Tốt', inputsHash: index.inputsHash });
    // As of before the appraisal, the dossier is submitted, the request open, the appraised index the self one.
    const before = await computeDepartmentIndex(db, { ...subject, asOf: local('2026-01-06') });
    expect(before.status.openRequests.map((r) => [r.requestId, r.answerBy])).toEqual([['gt-1', '2026-01-10']]);
    expect(before.appraised).toBeCloseTo(before.self, 9);
  });
});
