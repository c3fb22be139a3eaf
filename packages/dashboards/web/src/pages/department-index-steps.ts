import type { CriteriaSetAnswer, DepartmentIndexAnswer, PlanSummary } from '@cchc/api';
import { endOfLocalDay, localDaysBetween } from '@cchc/core/time';
import { dataTable, h, localDate, localDay, localTime } from '../dom.ts';
import { type TextKey, t, tf } from '../i18n.ts';
import { type EvidenceNames, evidenceLink } from './department-index-tree.ts';

type Status = DepartmentIndexAnswer['status'];

/** "còn n ngày" / "hạn hôm nay" / "quá hạn n ngày" from the page's instant to the end of a local day. */
export function daysLeftText(asOf: string, deadline: string): { text: string; days: number } {
  const days = localDaysBetween(asOf, endOfLocalDay(deadline));
  if (days > 0) return { text: tf('daysLeftN', { n: days }), days };
  if (days === 0) return { text: t('dueToday'), days };
  return { text: tf('daysOverdueN', { n: -days }), days };
}

interface Step {
  readonly key: string;
  readonly label: string;
  readonly deadline: string;
  /** The local day it was done, when it was. */
  readonly doneOn: string | null;
  readonly done: boolean;
}

/**
 * The workflow's deadlines (criteria set data) and where each step stands at the page's instant.
 * Appraisal counts as done once the council could publish (submitted, survey entered, no request
 * open) or has published.
 */
export function stepsOf(set: CriteriaSetAnswer, index: DepartmentIndexAnswer, plan: PlanSummary): Step[] {
  const s = index.status;
  const planKnown = plan.issuedAt <= index.asOf;
  const appraised = s.publication !== null || (s.submitted && s.surveyEntered && s.openRequests.length === 0);
  const steps: Step[] = [
    {
      key: 'planIssuance',
      label: t('stepPlanIssuance'),
      deadline: set.deadlines.planIssuance,
      done: planKnown,
      doneOn: planKnown ? localDay(plan.issuedAt) : null,
    },
    {
      key: 'selfAssessment',
      label: t('stepSelfAssessment'),
      deadline: set.deadlines.selfAssessment,
      done: s.submitted,
      doneOn: s.submittedAt ? localDay(s.submittedAt) : null,
    },
    ...s.openRequests.map((r) => ({
      key: `explanation-${r.requestId}`,
      label: `${t('stepExplanation')} ${r.requestId}${r.criterionId ? ` (${r.criterionId})` : ''}`,
      deadline: r.answerBy,
      done: false,
      doneOn: null,
    })),
    { key: 'appraisal', label: t('stepAppraisal'), deadline: set.deadlines.appraisal, done: appraised, doneOn: null },
    {
      key: 'publication',
      label: t('stepPublication'),
      deadline: set.deadlines.publication,
      done: s.publication !== null,
      doneOn: null,
    },
  ];
  return steps;
}

export function stepsTable(steps: readonly Step[], asOf: string): HTMLElement {
  return dataTable({
    id: 'index-deadlines',
    caption: `${t('deadlinesTitle')} — ${t('missingAsOf')} ${localTime(asOf)}`,
    rows: steps,
    rowAttrs: (s) => ({
      'data-step': s.key,
      'data-done': String(s.done),
      'data-days-left': s.done ? null : daysLeftText(asOf, s.deadline).days,
    }),
    columns: [
      { header: t('step'), cell: (s) => s.label },
      { header: t('due'), cell: (s) => localDate(s.deadline), csv: (s) => s.deadline },
      {
        header: t('status'),
        cell: (s) =>
          h(
            'span',
            { class: s.done ? 'ok' : 'bad' },
            s.done ? `✓ ${t('stepDone')}${s.doneOn ? ` ${s.doneOn}` : ''}` : t('stepOpen'),
          ),
      },
      {
        header: t('daysLeft'),
        cell: (s) => (s.done ? '' : daysLeftText(asOf, s.deadline).text),
        csv: (s) => (s.done ? null : daysLeftText(asOf, s.deadline).days),
      },
    ],
  });
}

interface Missing {
  readonly key: string;
  readonly criterionId: string | null;
  readonly text: string;
  readonly what: TextKey;
  readonly deadline: string;
}

/**
 * What is still missing at the page's instant: before submission, each manual leaf without a
 * self-score or without evidence (deadline: self-assessment); after it, each request not answered
 * (its answer-by date) and each survey leaf not entered (appraisal deadline).
 */
export function missingOf(set: CriteriaSetAnswer, index: DepartmentIndexAnswer): Missing[] {
  const s: Status = index.status;
  const out: Missing[] = [];
  if (!s.submitted) {
    for (const l of index.leaves.filter((x) => x.method === 'manual')) {
      const what: TextKey | null = !l.scored
        ? 'missingSelfScore'
        : l.evidenceFiles.length === 0
          ? 'missingEvidence'
          : null;
      if (what)
        out.push({
          key: `${what}-${l.criterionId}`,
          criterionId: l.criterionId,
          text: l.title,
          what,
          deadline: set.deadlines.selfAssessment,
        });
    }
  }
  for (const r of s.openRequests)
    out.push({
      key: `request-${r.requestId}`,
      criterionId: r.criterionId,
      text: `${r.requestId}: ${r.question}`,
      what: 'openRequest',
      deadline: r.answerBy,
    });
  if (s.publication === null)
    for (const l of index.leaves.filter((x) => x.method === 'survey' && !x.scored))
      out.push({
        key: `missingSurvey-${l.criterionId}`,
        criterionId: l.criterionId,
        text: l.title,
        what: 'missingSurvey',
        deadline: set.deadlines.appraisal,
      });
  return out;
}

export function missingList(missing: readonly Missing[], asOf: string): HTMLElement {
  if (missing.length === 0) return h('p', { id: 'index-missing', class: 'ok', 'data-count': 0 }, t('nothingMissing'));
  return h(
    'ul',
    { id: 'index-missing', 'data-count': missing.length, 'aria-label': t('missingTitle') },
    ...missing.map((m) => {
      const left = daysLeftText(asOf, m.deadline);
      return h(
        'li',
        { 'data-missing': m.what, 'data-criterion': m.criterionId ?? '', 'data-days-left': left.days },
        h('strong', {}, m.criterionId ?? ''),
        m.criterionId ? ' ' : '',
        `${m.text} — ${t(m.what)}; ${t('due')} ${localDate(m.deadline)} (${left.text})`,
      );
    }),
  );
}

/** Every request for explanation known at the instant, with its answer and the answer's evidence. */
export function requestsTable(status: Status, names: EvidenceNames): HTMLElement {
  if (status.requests.length === 0) return h('p', { id: 'index-requests', 'data-count': 0 }, t('noRequests'));
  return dataTable({
    id: 'index-requests',
    caption: t('requestsTitle'),
    rows: status.requests,
    rowAttrs: (r) => ({ 'data-request': r.requestId, 'data-answered': String(r.answer !== null) }),
    columns: [
      { header: t('requestId'), cell: (r) => r.requestId },
      { header: t('criterion'), cell: (r) => r.criterionId ?? '—' },
      { header: t('question'), cell: (r) => r.question },
      { header: t('requestedAt'), cell: (r) => localTime(r.requestedAt), csv: (r) => r.requestedAt },
      { header: t('answerBy'), cell: (r) => localDate(r.answerBy), csv: (r) => r.answerBy },
      {
        header: t('answer'),
        cell: (r) => (r.answer ? r.answer.text : h('span', { class: 'bad' }, t('notAnswered'))),
        csv: (r) => r.answer?.text ?? null,
      },
      {
        header: t('answeredAt'),
        cell: (r) => localTime(r.answer?.answeredAt),
        csv: (r) => r.answer?.answeredAt ?? null,
      },
      {
        header: t('evidence'),
        cell: (r) =>
          h(
            'span',
            { class: 'evidence-list' },
            ...(r.answer?.evidenceFiles ?? []).flatMap((sha, i) => [i > 0 ? ', ' : '', evidenceLink(sha, names)]),
          ),
        csv: (r) => (r.answer?.evidenceFiles ?? []).join(' '),
      },
    ],
  });
}
