import type { DuckDb } from '@cchc/core';
import { vis } from '../sql/fragments.ts';

export interface DossierStatus {
  readonly submitted: boolean;
  readonly submittedLate: boolean;
  readonly openRequests: readonly {
    readonly requestId: string;
    readonly criterionId: string | null;
    readonly question: string;
    readonly answerBy: string;
  }[];
  readonly surveyEntered: boolean;
  readonly publication: {
    readonly eventId: string;
    readonly final: number;
    readonly band: string;
    readonly inputsHash: string;
  } | null;
}

/** Where a dossier stands at (asOf, position): submitted, requests still open, survey, publication. */
export async function dossierStatus(
  db: DuckDb,
  departmentId: string,
  year: number,
  asOf: string,
  position: number,
): Promise<DossierStatus> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT kind, criterion_id, text, request_id, late, CAST(answer_by AS VARCHAR) AS answer_by, value, inputs_hash,
            CAST(event_id AS VARCHAR) AS event_id
     FROM rm_index_entries x WHERE ${vis('x', '$1::TIMESTAMPTZ', '$2::BIGINT')} AND department_id = $3 AND year = $4
       AND kind IN ('submitted', 'requested', 'answered', 'survey', 'published')
     ORDER BY position`,
    [asOf, position, departmentId, year],
  );
  const answered = new Set(rows.filter((r) => r.kind === 'answered').map((r) => r.request_id as string));
  const submitted = rows.find((r) => r.kind === 'submitted');
  const published = rows.find((r) => r.kind === 'published');
  return {
    submitted: submitted !== undefined,
    submittedLate: submitted?.late === true,
    openRequests: rows
      .filter((r) => r.kind === 'requested' && !answered.has(r.request_id as string))
      .map((r) => ({
        requestId: r.request_id as string,
        criterionId: (r.criterion_id as string | null) ?? null,
        question: r.text as string,
        answerBy: r.answer_by as string,
      })),
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
