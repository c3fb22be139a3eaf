import type { IndexCommand } from '../commands/index-commands.ts';
import { type CriteriaSet, type CriteriaSetRef, leavesOf, type PlacedLeaf } from '../department-index/criteria-set.ts';
import type { DomainEventOf } from '../events/domain/domain-event.ts';
import { localDateOf } from '../time/local-time.ts';
import type { Decider } from './decider.ts';
import { omitUndefined } from './omit-undefined.ts';
import { type RuleCode, RuleViolationError } from './rule-violation.ts';

export type IndexEvent = DomainEventOf<
  | 'CriterionSelfScored'
  | 'IndexDossierSubmitted'
  | 'CriterionAppraised'
  | 'ExplanationRequested'
  | 'ExplanationAnswered'
  | 'SurveyResultsEntered'
  | 'IndexPublished'
>;

export interface IndexState {
  readonly criteriaSet: CriteriaSetRef | undefined;
  /** Latest self-score per criterion: points and evidence. */
  readonly selfScores: Readonly<Record<string, { readonly value: number; readonly evidenceFiles: readonly string[] }>>;
  readonly submitted: boolean;
  readonly appraised: Readonly<Record<string, number>>;
  readonly requests: Readonly<Record<string, { readonly answered: boolean }>>;
  readonly survey: Readonly<Record<string, number>>;
  readonly published: boolean;
}

/** What each index command attempts, for refusal messages. */
export const INDEX_COMMAND_ACTIONS = {
  SelfScoreCriterion: { vi: 'tự chấm điểm tiêu chí', en: 'self-score the criterion' },
  SubmitIndexDossier: { vi: 'gửi hồ sơ tự đánh giá', en: 'submit the self-assessment dossier' },
  AppraiseCriterion: { vi: 'thẩm định tiêu chí', en: 'appraise the criterion' },
  RequestExplanation: { vi: 'đề nghị giải trình', en: 'request an explanation' },
  AnswerExplanation: { vi: 'trả lời giải trình', en: 'answer the request for explanation' },
  EnterSurveyResults: { vi: 'nhập kết quả điều tra xã hội học', en: 'enter the survey results' },
  PublishIndex: { vi: 'công bố chỉ số CCHC', en: 'publish the CCHC index' },
} as const satisfies Record<IndexCommand['type'], { vi: string; en: string }>;

const initialState = (): IndexState => ({
  criteriaSet: undefined,
  selfScores: {},
  submitted: false,
  appraised: {},
  requests: {},
  survey: {},
  published: false,
});

/** A command's fields as an event's data (without its type and instant). */
function body<C extends { readonly type: string; readonly at: string }>(command: C): Omit<C, 'type' | 'at'> {
  const { type: _type, at: _at, ...data } = command;
  return data;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The department index of one year (stream `cchc-index-<departmentId>-<year>`). `criteriaSetOf`
 * resolves a criteria set id@version (the shipped sets): the decider stays pure.
 */
export function indexDecider(
  criteriaSetOf: (ref: CriteriaSetRef) => CriteriaSet | undefined,
): Decider<IndexState, IndexCommand, IndexEvent> {
  return {
    initialState,

    decide(command, state) {
      const refuse = (rule: RuleCode, extra?: string): never => {
        throw new RuleViolationError(
          rule,
          { action: INDEX_COMMAND_ACTIONS[command.type], unitId: command.departmentId },
          extra === undefined ? undefined : { vi: extra, en: extra },
        );
      };
      if (state.published) refuse('INDEX_ALREADY_PUBLISHED', `${command.year}`);
      const { at } = command;
      const setRef =
        command.type === 'SelfScoreCriterion'
          ? { id: command.criteriaSetId, version: command.criteriaSetVersion }
          : state.criteriaSet;
      if (!setRef) return refuse('INDEX_NOTHING_SCORED');
      const set = criteriaSetOf(setRef) ?? refuse('INDEX_CRITERIA_SET_UNKNOWN', `${setRef.id}@${setRef.version}`);
      const leaves = new Map(leavesOf(set).map((l) => [l.id, l]));
      const leaf = (id: string): PlacedLeaf => leaves.get(id) ?? refuse('INDEX_CRITERION_UNKNOWN', id);
      const inRange = (l: PlacedLeaf, value: number) => {
        if (value > l.max) refuse('INDEX_VALUE_OUT_OF_RANGE', `${l.id}: ${value} > ${l.max}`);
      };
      const submittedFirst = () => {
        if (!state.submitted) refuse('INDEX_DOSSIER_NOT_SUBMITTED');
      };
      switch (command.type) {
        case 'SelfScoreCriterion': {
          if (state.submitted) refuse('INDEX_DOSSIER_LOCKED');
          const mismatch =
            set.year !== command.year ||
            (state.criteriaSet !== undefined &&
              (state.criteriaSet.id !== setRef.id || state.criteriaSet.version !== setRef.version));
          if (mismatch) refuse('INDEX_CRITERIA_SET_MISMATCH', `${setRef.id}@${setRef.version}`);
          const l = leaf(command.criterionId);
          if (l.method !== 'manual') refuse('INDEX_CRITERION_NOT_SELF_SCORED', l.id);
          inRange(l, command.value);
          const evidenceFiles = [...new Set(command.evidenceFiles ?? [])];
          return [{ type: 'CriterionSelfScored', data: omitUndefined({ ...body(command), evidenceFiles }) }];
        }
        case 'SubmitIndexDossier': {
          if (state.submitted) refuse('INDEX_DOSSIER_LOCKED');
          const missing = [...leaves.values()]
            .filter((l) => l.method === 'manual' && !(state.selfScores[l.id]?.evidenceFiles.length ?? 0))
            .map((l) => l.id);
          if (missing.length > 0) refuse('INDEX_EVIDENCE_REQUIRED', missing.join(', '));
          const late = localDateOf(at) > set.deadlines.selfAssessment;
          return [{ type: 'IndexDossierSubmitted', data: { ...body(command), late } }];
        }
        case 'AppraiseCriterion': {
          submittedFirst();
          const l = leaf(command.criterionId);
          if (l.method === 'survey') refuse('INDEX_CRITERION_NOT_SELF_SCORED', l.id);
          inRange(l, command.value);
          return [{ type: 'CriterionAppraised', data: body(command) }];
        }
        case 'RequestExplanation': {
          submittedFirst();
          if (command.criterionId !== undefined) leaf(command.criterionId);
          if (state.requests[command.requestId]) refuse('INDEX_REQUEST_EXISTS', command.requestId);
          const answerBy = addDays(localDateOf(at), set.deadlines.explanationDays);
          return [{ type: 'ExplanationRequested', data: omitUndefined({ ...body(command), answerBy }) }];
        }
        case 'AnswerExplanation': {
          const request = state.requests[command.requestId] ?? refuse('INDEX_REQUEST_UNKNOWN', command.requestId);
          if (request.answered) refuse('INDEX_REQUEST_ANSWERED', command.requestId);
          const evidenceFiles = [...new Set(command.evidenceFiles ?? [])];
          return [{ type: 'ExplanationAnswered', data: { ...body(command), evidenceFiles } }];
        }
        case 'EnterSurveyResults': {
          for (const r of command.results) {
            const l = leaf(r.criterionId);
            if (l.method !== 'survey') refuse('INDEX_CRITERION_NOT_SURVEY', l.id);
            inRange(l, r.value);
          }
          return [{ type: 'SurveyResultsEntered', data: omitUndefined(body(command)) }];
        }
        case 'PublishIndex': {
          submittedFirst();
          const open = Object.entries(state.requests).filter(([, r]) => !r.answered);
          if (open.length > 0) refuse('INDEX_REQUESTS_OPEN', open.map(([id]) => id).join(', '));
          const noSurvey = [...leaves.values()].filter(
            (l) => l.method === 'survey' && state.survey[l.id] === undefined,
          );
          if (noSurvey.length > 0) refuse('INDEX_SURVEY_MISSING', noSurvey.map((l) => l.id).join(', '));
          return [
            {
              type: 'IndexPublished',
              data: { ...body(command), criteriaSetId: set.id, criteriaSetVersion: set.version },
            },
          ];
        }
        default: {
          const never: never = command;
          throw new TypeError(`unknown index command ${JSON.stringify(never)}`);
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'CriterionSelfScored': {
          const { criterionId, value, evidenceFiles, criteriaSetId: id, criteriaSetVersion: version } = event.data;
          return {
            ...state,
            criteriaSet: state.criteriaSet ?? { id, version },
            selfScores: { ...state.selfScores, [criterionId]: { value, evidenceFiles } },
          };
        }
        case 'IndexDossierSubmitted':
          return { ...state, submitted: true };
        case 'CriterionAppraised':
          return { ...state, appraised: { ...state.appraised, [event.data.criterionId]: event.data.value } };
        case 'ExplanationRequested':
          return { ...state, requests: { ...state.requests, [event.data.requestId]: { answered: false } } };
        case 'ExplanationAnswered':
          return { ...state, requests: { ...state.requests, [event.data.requestId]: { answered: true } } };
        case 'SurveyResultsEntered':
          return {
            ...state,
            survey: { ...state.survey, ...Object.fromEntries(event.data.results.map((r) => [r.criterionId, r.value])) },
          };
        case 'IndexPublished':
          return { ...state, published: true };
        default: {
          const never: never = event;
          throw new TypeError(`unknown index event ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
