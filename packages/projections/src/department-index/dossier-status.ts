import type { DuckDb } from '@cchc/core';
import { vis } from '../sql/fragments.ts';

/** A request for explanation (giải trình) and, once given, its answer. */
export interface ExplanationThread {
  readonly requestId: string;
  readonly criterionId: string | null;
  readonly question: string;
  /** Local date the answer is due. */
  readonly answerBy: string;
  /** When the request was made (occurredAt) and recorded (recordedAt), UTC instants. */
  readonly requestedAt: string;
  readonly requestRecordedAt: string;
  readonly requestEventId: string;
  readonly answer: {
    readonly text: string;
    readonly evidenceFiles: readonly string[];
    readonly answeredAt: string;
    readonly recordedAt: string;
    readonly eventId: string;
  } | null;
}

export interface DossierStatus {
  readonly submitted: boolean;
  readonly submittedLate: boolean;
  /** When the dossier was submitted (occurredAt, UTC), if it was. */
  readonly submittedAt: string | null;
  readonly openRequests: readonly {
    readonly requestId: string;
    readonly criterionId: string | null;
    readonly question: string;
    readonly answerBy: string;
  }[];
  /** Every request known at the instant, in log order, with its answer when there is one. */
  readonly requests: readonly ExplanationThread[];
  readonly surveyEntered: boolean;
  readonly publication: {
    readonly eventId: string;
    readonly final: number;
    readonly band: string;
    readonly inputsHash: string;
  } | null;
}

const iso = (v: unknown): string => new Date(String(v)).toISOString();

/** Where a dossier stands at (asOf, position): submitted, requests and answers, survey, publication. */
export async function dossierStatus(
  db: DuckDb,
  departmentId: string,
  year: number,
  asOf: string,
  position: number,
): Promise<DossierStatus> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT kind, criterion_id, text, request_id, late, CAST(answer_by AS VARCHAR) AS answer_by, value, inputs_hash,
            evidence_files, CAST(occurred_at AS VARCHAR) AS occurred_at, CAST(recorded_at AS VARCHAR) AS recorded_at,
            CAST(event_id AS VARCHAR) AS event_id
     FROM rm_index_entries x WHERE ${vis('x', '$1::TIMESTAMPTZ', '$2::BIGINT')} AND department_id = $3 AND year = $4
       AND kind IN ('submitted', 'requested', 'answered', 'survey', 'published')
     ORDER BY position`,
    [asOf, position, departmentId, year],
  );
  const answers = new Map(rows.filter((r) => r.kind === 'answered').map((r) => [r.request_id as string, r]));
  const submitted = rows.find((r) => r.kind === 'submitted');
  const published = rows.find((r) => r.kind === 'published');
  const requests: ExplanationThread[] = rows
    .filter((r) => r.kind === 'requested')
    .map((r) => {
      const a = answers.get(r.request_id as string);
      return {
        requestId: r.request_id as string,
        criterionId: (r.criterion_id as string | null) ?? null,
        question: r.text as string,
        answerBy: r.answer_by as string,
        requestedAt: iso(r.occurred_at),
        requestRecordedAt: iso(r.recorded_at),
        requestEventId: r.event_id as string,
        answer: a
          ? {
              text: a.text as string,
              evidenceFiles: (a.evidence_files as string[] | null) ?? [],
              answeredAt: iso(a.occurred_at),
              recordedAt: iso(a.recorded_at),
              eventId: a.event_id as string,
            }
          : null,
      };
    });
  return {
    submitted: submitted !== undefined,
    submittedLate: submitted?.late === true,
    submittedAt: submitted ? iso(submitted.occurred_at) : null,
    openRequests: requests
      .filter((r) => r.answer === null)
      .map(({ requestId, criterionId, question, answerBy }) => ({ requestId, criterionId, question, answerBy })),
    requests,
    surveyEntered: rows.some((r) => r.kind === 'survey'),
    publication: published
      ? {
          eventId: published.event_id as string,
          final: Number(published.value),
          band: published.text as string,
          inputsHash: published.inputs_hash as string,
        }
      : null,
  };
}

/** A department holding a dossier for the year, as known at (asOf, position). */
export interface IndexDossierSummary {
  readonly departmentId: string;
  readonly criteriaSet: { readonly id: string; readonly version: number };
  readonly selfScored: number;
  readonly submitted: boolean;
  readonly published: boolean;
}

/** The departments with a dossier (at least one entry) for the year, by department id. */
export async function indexDossiers(
  db: DuckDb,
  year: number,
  asOf: string,
  position: number,
): Promise<IndexDossierSummary[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT department_id,
            arg_min(criteria_set_id, position) FILTER (WHERE kind = 'self') AS set_id,
            arg_min(criteria_set_version, position) FILTER (WHERE kind = 'self') AS set_version,
            count(DISTINCT criterion_id) FILTER (WHERE kind = 'self') AS self_scored,
            bool_or(kind = 'submitted') AS submitted, bool_or(kind = 'published') AS published
     FROM rm_index_entries x WHERE ${vis('x', '$1::TIMESTAMPTZ', '$2::BIGINT')} AND year = $3
     GROUP BY department_id ORDER BY department_id`,
    [asOf, position, year],
  );
  return rows
    .filter((r) => r.set_id !== null)
    .map((r) => ({
      departmentId: r.department_id as string,
      criteriaSet: { id: r.set_id as string, version: Number(r.set_version) },
      selfScored: Number(r.self_scored),
      submitted: r.submitted === true,
      published: r.published === true,
    }));
}
