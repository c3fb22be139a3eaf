import { describe, expect, it } from 'vitest';
import { leavesOf } from '../department-index/criteria-set.ts';
import { criteriaSetOf, EXAMPLE_CRITERIA_SET, shippedCriteriaSets } from '../department-index/criteria-sets.ts';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type IndexEvent, indexDecider } from './index-decider.ts';

const spec = deciderSpecification(indexDecider(criteriaSetOf));
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const manual = leavesOf(set).filter((l) => l.method === 'manual');
const subject = { departmentId: 'so-tnmt', year: 2025 };
const at = '2025-12-10T03:00:00.000Z';
const hash = 'ab'.repeat(32);
const ref = { criteriaSetId: set.id, criteriaSetVersion: set.version };

const selfScored = (criterionId: string, value: number, evidenceFiles = [hash]): IndexEvent => ({
  type: 'CriterionSelfScored',
  data: { ...subject, ...ref, criterionId, value, evidenceFiles },
});
const allManual = manual.map((l) => selfScored(l.id, l.max));
const submitted: IndexEvent = { type: 'IndexDossierSubmitted', data: { ...subject, late: false } };
const requested: IndexEvent = {
  type: 'ExplanationRequested',
  data: {
    ...subject,
    requestId: 'gt-1',
    criterionId: '3.1',
    question: 'Bổ sung quyết định công bố',
    answerBy: '2026-01-10',
  },
};

describe('index decider', () => {
  it('the example set is shipped, marked as an example, and its maxima add up to 100 with 30 from the survey', () => {
    expect(shippedCriteriaSets().size).toBeGreaterThanOrEqual(1);
    expect(set.example).toBe(true);
    const leaves = leavesOf(set);
    expect(leaves.reduce((a, l) => a + l.max, 0)).toBe(100);
    expect(leaves.filter((l) => l.method === 'survey').reduce((a, l) => a + l.max, 0)).toBe(30);
  });

  it('records a self-score of a manual criterion with its evidence (duplicates dropped)', () => {
    spec
      .given([])
      .when({
        type: 'SelfScoreCriterion',
        ...subject,
        ...ref,
        criterionId: '2.1',
        value: 2.5,
        evidenceFiles: [hash, hash],
        at,
      })
      .then([selfScored('2.1', 2.5)]);
  });

  it('refuses a derived or survey criterion, an unknown one, points above the maximum, an unknown set', () => {
    const when = (criterionId: string, value = 1, extra = {}) =>
      spec.given([]).when({ type: 'SelfScoreCriterion', ...subject, ...ref, criterionId, value, at, ...extra });
    when('1.1.2').thenRefusedWith('INDEX_CRITERION_NOT_SELF_SCORED');
    when('8.1').thenRefusedWith('INDEX_CRITERION_NOT_SELF_SCORED');
    when('9.9').thenRefusedWith('INDEX_CRITERION_UNKNOWN');
    when('2.1', 3.5).thenRefusedWith('INDEX_VALUE_OUT_OF_RANGE');
    when('2.1', 1, { criteriaSetVersion: 99 }).thenRefusedWith('INDEX_CRITERIA_SET_UNKNOWN');
    when('2.1', 1, { year: 2026 }).thenRefusedWith('INDEX_CRITERIA_SET_MISMATCH');
  });

  it('a manual criterion without evidence cannot be submitted; with all evidenced it can, late after the deadline', () => {
    const [first, ...rest] = allManual;
    const noEvidence = selfScored((first!.data as { criterionId: string }).criterionId, 1, []);
    const error = spec
      .given([noEvidence, ...rest])
      .when({ type: 'SubmitIndexDossier', ...subject, at })
      .thenRefusedWith('INDEX_EVIDENCE_REQUIRED');
    expect(error.message).toContain(manual[0]!.id);
    spec
      .given(rest)
      .when({ type: 'SubmitIndexDossier', ...subject, at })
      .thenRefusedWith('INDEX_EVIDENCE_REQUIRED');
    spec
      .given(allManual)
      .when({ type: 'SubmitIndexDossier', ...subject, at })
      .then([submitted]);
    spec
      .given(allManual)
      .when({ type: 'SubmitIndexDossier', ...subject, at: '2025-12-16T03:00:00.000Z' })
      .then([{ type: 'IndexDossierSubmitted', data: { ...subject, late: true } }]);
    spec
      .given([])
      .when({ type: 'SubmitIndexDossier', ...subject, at })
      .thenRefusedWith('INDEX_NOTHING_SCORED');
  });

  it('submission locks self-scores; appraisal needs a submitted dossier', () => {
    spec
      .given([...allManual, submitted])
      .when({ type: 'SelfScoreCriterion', ...subject, ...ref, criterionId: '2.1', value: 1, evidenceFiles: [hash], at })
      .thenRefusedWith('INDEX_DOSSIER_LOCKED');
    spec
      .given(allManual)
      .when({ type: 'AppraiseCriterion', ...subject, criterionId: '2.1', value: 2, reason: 'Thiếu văn bản', at })
      .thenRefusedWith('INDEX_DOSSIER_NOT_SUBMITTED');
    spec
      .given([...allManual, submitted])
      .when({ type: 'AppraiseCriterion', ...subject, criterionId: '1.1.2', value: 3, reason: 'Điều chỉnh', at })
      .then([
        { type: 'CriterionAppraised', data: { ...subject, criterionId: '1.1.2', value: 3, reason: 'Điều chỉnh' } },
      ]);
  });

  it('a request for explanation gets its answer deadline from the set; answered once; open requests block publication', () => {
    spec
      .given([...allManual, submitted])
      .when({
        type: 'RequestExplanation',
        ...subject,
        requestId: 'gt-1',
        criterionId: '3.1',
        question: 'Bổ sung quyết định công bố',
        at: '2026-01-05T03:00:00.000Z',
      })
      .then([requested]);
    const answer = {
      type: 'AnswerExplanation' as const,
      ...subject,
      requestId: 'gt-1',
      answer: 'Đã bổ sung',
      evidenceFiles: [hash],
      at,
    };
    spec
      .given([...allManual, submitted])
      .when(answer)
      .thenRefusedWith('INDEX_REQUEST_UNKNOWN');
    const answered: IndexEvent = {
      type: 'ExplanationAnswered',
      data: { ...subject, requestId: 'gt-1', answer: 'Đã bổ sung', evidenceFiles: [hash] },
    };
    spec
      .given([...allManual, submitted, requested])
      .when(answer)
      .then([answered]);
    spec
      .given([...allManual, submitted, requested, answered])
      .when(answer)
      .thenRefusedWith('INDEX_REQUEST_ANSWERED');
    const publish = {
      type: 'PublishIndex' as const,
      ...subject,
      asOf: '2026-01-31T16:59:59.999Z',
      atPosition: 10,
      inputsHash: hash,
      self: 70,
      appraised: 69,
      final: 90,
      band: 'Xuất sắc',
      at,
    };
    const survey: IndexEvent = {
      type: 'SurveyResultsEntered',
      data: {
        ...subject,
        results: [
          { criterionId: '8.1', value: 18 },
          { criterionId: '8.2', value: 8 },
        ],
      },
    };
    spec
      .given([...allManual, submitted, requested, survey])
      .when(publish)
      .thenRefusedWith('INDEX_REQUESTS_OPEN');
    spec
      .given([...allManual, submitted, requested, answered])
      .when(publish)
      .thenRefusedWith('INDEX_SURVEY_MISSING');
    const { type: _t, at: _a, ...data } = publish;
    const published: IndexEvent = { type: 'IndexPublished', data: { ...data, ...ref } };
    spec
      .given([...allManual, submitted, requested, answered, survey])
      .when(publish)
      .then([published]);
    spec
      .given([...allManual, submitted, requested, answered, survey, published])
      .when({ type: 'AppraiseCriterion', ...subject, criterionId: '2.1', value: 2, reason: 'Sau công bố', at })
      .thenRefusedWith('INDEX_ALREADY_PUBLISHED');
  });

  it('survey results only for survey criteria, within their maxima', () => {
    const enter = (criterionId: string, value: number) =>
      spec.given(allManual).when({ type: 'EnterSurveyResults', ...subject, results: [{ criterionId, value }], at });
    enter('2.1', 1).thenRefusedWith('INDEX_CRITERION_NOT_SURVEY');
    enter('8.2', 11).thenRefusedWith('INDEX_VALUE_OUT_OF_RANGE');
    enter('8.2', 9.5).then([
      { type: 'SurveyResultsEntered', data: { ...subject, results: [{ criterionId: '8.2', value: 9.5 }] } },
    ]);
  });
});
