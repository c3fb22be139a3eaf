import { z } from 'zod';
import { identifierSchema } from '../envelope.ts';
import { eventSchema, localDateSchema, planYearSchema, textSchema } from './common.ts';
import { evidenceFilesSchema, sha256Schema } from './evidence-events.ts';

/**
 * The department's own CCHC index (Chỉ số CCHC của Sở): one stream per department and year,
 * `cchc-index-<departmentId>-<year>`. Scores are points of the criteria set's leaves.
 */
export const departmentIdSchema = identifierSchema;
export const criterionIdSchema = z.string().regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+){0,3}$/u);
const pointsSchema = z.number().min(0).max(100);
const subject = { departmentId: departmentIdSchema, year: planYearSchema };

/** Tự chấm điểm: the department's own score of a manual criterion, with its evidence. */
export const criterionSelfScoredEvent = eventSchema('CriterionSelfScored', {
  ...subject,
  criteriaSetId: z.string().min(1),
  criteriaSetVersion: z.number().int().min(1),
  criterionId: criterionIdSchema,
  value: pointsSchema,
  note: textSchema.optional(),
  evidenceFiles: evidenceFilesSchema,
});

/** Gửi hồ sơ tự đánh giá: the self-scores are locked from here on. */
export const indexDossierSubmittedEvent = eventSchema('IndexDossierSubmitted', {
  ...subject,
  /** True when sent after the criteria set's self-assessment deadline. */
  late: z.boolean(),
});

/** Thẩm định: the council's score of a criterion (manual or derived), with its reason. */
export const criterionAppraisedEvent = eventSchema('CriterionAppraised', {
  ...subject,
  criterionId: criterionIdSchema,
  value: pointsSchema,
  reason: textSchema,
});

/** Đề nghị giải trình / bổ sung tài liệu: the council asks; `answerBy` from the set's deadlines. */
export const explanationRequestedEvent = eventSchema('ExplanationRequested', {
  ...subject,
  requestId: identifierSchema,
  criterionId: criterionIdSchema.optional(),
  question: textSchema,
  answerBy: localDateSchema,
});

export const explanationAnsweredEvent = eventSchema('ExplanationAnswered', {
  ...subject,
  requestId: identifierSchema,
  answer: textSchema,
  evidenceFiles: evidenceFilesSchema,
});

/** Kết quả điều tra xã hội học: points of the survey criteria. */
export const surveyResultsEnteredEvent = eventSchema('SurveyResultsEntered', {
  ...subject,
  results: z.array(z.object({ criterionId: criterionIdSchema, value: pointsSchema }).strict()).min(1),
  source: textSchema.optional(),
});

/** Công bố: the index as computed at a log position, reproducible from the inputs hash. */
export const indexPublishedEvent = eventSchema('IndexPublished', {
  ...subject,
  criteriaSetId: z.string().min(1),
  criteriaSetVersion: z.number().int().min(1),
  asOf: z.string().min(1),
  atPosition: z.number().int().min(-1),
  inputsHash: sha256Schema,
  self: z.number(),
  appraised: z.number(),
  final: z.number(),
  band: z.string().min(1),
});
