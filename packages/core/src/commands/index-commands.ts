import { z } from 'zod';
import {
  criterionAppraisedEvent,
  criterionSelfScoredEvent,
  explanationAnsweredEvent,
  explanationRequestedEvent,
  indexPublishedEvent,
  surveyResultsEnteredEvent,
} from '../events/domain/index-events.ts';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';

const self = criterionSelfScoredEvent.shape.data.shape;
const appraised = criterionAppraisedEvent.shape.data.shape;
const requested = explanationRequestedEvent.shape.data.shape;
const answered = explanationAnsweredEvent.shape.data.shape;
const survey = surveyResultsEnteredEvent.shape.data.shape;
const published = indexPublishedEvent.shape.data.shape;
const subject = { departmentId: self.departmentId, year: self.year, at: instantSchema };

/**
 * The department index workflow. Stream `cchc-index-<departmentId>-<year>`. The office scores
 * and answers; the appraiser (role `appraiser` in the API) appraises, asks, enters the survey and
 * publishes. PublishIndex carries the index as computed (projections' department index), like
 * RankingPublished.
 */
export const indexCommandSchema = z.discriminatedUnion('type', [
  commandSchema('SelfScoreCriterion', {
    ...subject,
    criteriaSetId: self.criteriaSetId,
    criteriaSetVersion: self.criteriaSetVersion,
    criterionId: self.criterionId,
    value: self.value,
    note: self.note,
    evidenceFiles: self.evidenceFiles.optional(),
  }),
  commandSchema('SubmitIndexDossier', subject),
  commandSchema('AppraiseCriterion', {
    ...subject,
    criterionId: appraised.criterionId,
    value: appraised.value,
    reason: appraised.reason,
  }),
  commandSchema('RequestExplanation', {
    ...subject,
    requestId: requested.requestId,
    criterionId: requested.criterionId,
    question: requested.question,
  }),
  commandSchema('AnswerExplanation', {
    ...subject,
    requestId: answered.requestId,
    answer: answered.answer,
    evidenceFiles: answered.evidenceFiles.optional(),
  }),
  commandSchema('EnterSurveyResults', { ...subject, results: survey.results, source: survey.source }),
  commandSchema('PublishIndex', {
    ...subject,
    asOf: published.asOf,
    atPosition: published.atPosition,
    inputsHash: published.inputsHash,
    self: published.self,
    appraised: published.appraised,
    final: published.final,
    band: published.band,
  }),
]);

export type IndexCommand = z.infer<typeof indexCommandSchema>;
export const INDEX_COMMAND_TYPES: ReadonlySet<string> = new Set(
  indexCommandSchema.options.map((o) => o.shape.type.value),
);
