import { type DuckDb, NotFoundError } from '@cchc/core';
import {
  ASSIGNMENT_STATUSES,
  type AssignmentStatusLabel,
  assignmentStatusCode,
} from '../read-models/assignment-statuses.ts';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';
import { vis } from '../sql/fragments.ts';
import {
  computeRankings,
  ensureRulebook,
  plansFor,
  projectedPosition,
  queryInstant,
  type RankingRow,
  ReadModelsBehindError,
  rulebookForPlan,
} from './ranking-service.ts';

export interface AssignmentExplanation {
  readonly taskId: string;
  readonly taskStream: string;
  readonly area: string;
  readonly role: string;
  /** The Vietnamese label of the status code (read-models/assignment-statuses.ts). */
  readonly status: AssignmentStatusLabel;
  readonly deadlineKind: string;
  readonly due: string | null;
  readonly scorable: boolean;
  readonly s: number | null;
  readonly c: number | null;
  readonly q: number | null;
  readonly l: number | null;
  readonly returns: number;
  readonly daysLate: number;
  readonly excused: boolean;
  readonly completedOn: string | null;
  readonly quartersElapsed: number;
  readonly quartersWithProgress: number;
  readonly overdue: boolean;
  /** The events behind the numbers, by what they account for. */
  readonly events: {
    readonly defined: string;
    readonly heldBy: readonly string[];
    readonly deadlines: readonly string[];
    readonly cancelled: readonly string[];
    readonly completed: string | null;
    readonly returned: readonly string[];
    readonly excused: readonly string[];
    readonly progress: readonly string[];
  };
}

export interface ReportExplanation {
  readonly period: string;
  readonly due: string;
  /**
   * R-REPORT-RECEIPT: the date the report's timeliness is scored on, and which date it is: the
   * office's receipt date (`received_on`, with the incoming register's number) or the local day the
   * office knew it (`known_at`: its knowledge time, `knownAt`). Null when missing.
   */
  readonly submittedOn: string | null;
  readonly datedBy: 'received_on' | 'known_at' | null;
  readonly receivedOn: string | null;
  readonly incomingRef: string | null;
  readonly knownAt: string | null;
  readonly submittedBy: string | null;
  readonly workingDaysLate: number;
  readonly missing: boolean;
  readonly value: number;
  readonly eventId: string | null;
}

export interface RecognitionExplanation {
  readonly kind: 'initiative' | 'criticism' | 'sanction';
  readonly level: string | null;
  readonly sanctionKind: string | null;
  readonly text: string | null;
  readonly occurredOn: string;
  readonly eventId: string;
}

export interface AreaExplanation {
  readonly area: string;
  readonly weight: number;
  readonly value: number;
  readonly scorable: number;
}

export interface UnitExplanation {
  readonly planId: string;
  readonly year: number;
  readonly asOf: string;
  /** R-CUTOFF: the plan year's cutoff; `provisional` when asOf is before it. */
  readonly cutoff: string;
  readonly provisional: boolean;
  readonly position: number;
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly inputsHash: string;
  readonly unit: RankingRow;
  readonly weights: { readonly tasks: number; readonly reports: number };
  readonly areas: readonly AreaExplanation[];
  readonly assignments: readonly AssignmentExplanation[];
  readonly reports: readonly ReportExplanation[];
  readonly recognitions: readonly RecognitionExplanation[];
  /** 100 × Σ(weight × value) / Σ(weight) over the components kept; null when none. */
  readonly base: number | null;
}

/** Every number behind a unit's score, down to each assignment, report and recognition, with event ids. */
export async function explainUnit(
  db: DuckDb,
  query: {
    unitId: string;
    /** Default: the shipped default of the plan's year. */
    rulebook?: Rulebook;
    asOf?: string;
    now?: Date | string;
    position?: number;
    planId?: string;
    year?: number;
  },
): Promise<UnitExplanation> {
  const checkpoint = await projectedPosition(db);
  const position = query.position ?? checkpoint;
  if (position > checkpoint) throw new ReadModelsBehindError(position, checkpoint);
  const candidates = await plansFor(db, query, position);
  for (const plan of candidates) {
    const rulebook = rulebookForPlan(query.rulebook, plan.year);
    const key = await ensureRulebook(db, rulebook);
    const { asOf, cutoff, provisional } = queryInstant(query, rulebook, plan.year);
    const [ranking] = await computeRankings(db, { rulebook, asOf, position, planId: plan.plan_id });
    const unit = ranking!.rows.find((r) => r.unitId === query.unitId);
    if (!unit) continue;
    const params = [asOf, position, key, plan.plan_id, query.unitId];
    const assignments = (
      await db.rows<Record<string, unknown>>(
        `SELECT a.*, e.defined_event, e.holder_events, e.deadline_events, e.cancel_events, e.completed_event, e.return_events,
                e.excuse_events, list_transform(list_filter(e.progress, lambda p: p.q <= a.quarters_elapsed), lambda p: p.event_id) AS progress_events
         FROM cchc_assignments($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) a
         JOIN cchc_assignment_evidence($1::TIMESTAMPTZ, $2::BIGINT, $5, p_plan := $4) e USING (task_stream, origin_unit, origin_pos)
         WHERE a.unit_id = $5 ORDER BY a.area, a.task_id, a.role`,
        params,
      )
    ).map(toAssignment);
    const reports = (
      await db.rows<Record<string, unknown>>(
        `SELECT * FROM cchc_report_items($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) WHERE unit_id = $5 ORDER BY due`,
        params,
      )
    ).map(toReport);
    const recognitions = (
      await db.rows<Record<string, unknown>>(
        `SELECT kind, level, sanction_kind, text, CAST(cchc_local_date(occurred_at) AS VARCHAR) AS occurred_on, event_id::VARCHAR AS event_id
         FROM rm_recognitions r WHERE unit_id = $2 AND ${vis('r', '$1::TIMESTAMPTZ', '$3::BIGINT')}
           AND year(cchc_local_date(occurred_at)) = $4 ORDER BY position`,
        [asOf, query.unitId, position, plan.year],
      )
    ).map((r) => ({
      kind: r.kind as RecognitionExplanation['kind'],
      level: (r.level as string | null) ?? null,
      sanctionKind: (r.sanction_kind as string | null) ?? null,
      text: (r.text as string | null) ?? null,
      occurredOn: r.occurred_on as string,
      eventId: r.event_id as string,
    }));
    const weights = await db.rows<{ area: string; weight: number }>(
      `SELECT area, weight FROM rb_area_weights WHERE rb_key = $1`,
      [rulebookKey(rulebook)],
    );
    const areas: AreaExplanation[] = [];
    for (const { area, weight } of weights.sort((a, b) => areaOrder(a.area) - areaOrder(b.area))) {
      const scored = assignments.filter((a) => a.area === area && a.scorable && a.s !== null);
      if (scored.length === 0) continue;
      areas.push({
        area,
        weight,
        value: scored.reduce((n, a) => n + a.s!, 0) / scored.length,
        scorable: scored.length,
      });
    }
    const w = { tasks: rulebook.components.tasks, reports: rulebook.components.reports };
    const kept = [
      unit.tasksValue === null ? null : w.tasks * unit.tasksValue,
      unit.reportsValue === null ? null : w.reports * unit.reportsValue,
    ];
    const den = (unit.tasksValue === null ? 0 : w.tasks) + (unit.reportsValue === null ? 0 : w.reports);
    const base = den === 0 ? null : (100 * kept.reduce<number>((n, v) => n + (v ?? 0), 0)) / den;
    return {
      planId: plan.plan_id,
      year: plan.year,
      asOf,
      cutoff,
      provisional,
      position,
      rulebook: ranking!.rulebook,
      inputsHash: ranking!.inputsHash,
      unit,
      weights: w,
      areas,
      assignments,
      reports,
      recognitions,
      base,
    };
  }
  throw new NotFoundError(
    `Đơn vị ${query.unitId} không có trong xếp hạng (không tồn tại, đã sáp nhập/chia tách, hoặc không được giao nhiệm vụ nào)`,
    `unit ${query.unitId} is not in the ranking (unknown, merged or split, or holding no assignment)`,
  );
}

function areaOrder(area: string): number {
  return ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].indexOf(area);
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
/** DuckDB DATEs arrive as JS Dates at UTC midnight. */
const dateText = (v: unknown) =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const ids = (v: unknown) => ((v as unknown[] | null) ?? []).map(String);

function toAssignment(r: Record<string, unknown>): AssignmentExplanation {
  return {
    taskId: r.task_id as string,
    taskStream: r.task_stream as string,
    area: r.area as string,
    role: r.role as string,
    status: ASSIGNMENT_STATUSES[assignmentStatusCode(r.status)].vi,
    deadlineKind: r.deadline_kind as string,
    due: dateText(r.due),
    scorable: Boolean(r.scorable),
    s: num(r.s),
    c: num(r.c_value),
    q: num(r.q_value),
    l: num(r.l_value),
    returns: Number(r.returns),
    daysLate: Number(r.days_late),
    excused: Boolean(r.excused),
    completedOn: dateText(r.completed_on),
    quartersElapsed: Number(r.quarters_elapsed),
    quartersWithProgress: Number(r.quarters_with_progress),
    overdue: Boolean(r.overdue),
    events: {
      defined: String(r.defined_event),
      heldBy: ids(r.holder_events),
      deadlines: ids(r.deadline_events),
      cancelled: ids(r.cancel_events),
      completed: str(r.completed_event),
      returned: ids(r.return_events),
      excused: ids(r.excuse_events),
      progress: ids(r.progress_events),
    },
  };
}

function toReport(r: Record<string, unknown>): ReportExplanation {
  return {
    period: r.period as string,
    due: dateText(r.due)!,
    submittedOn: dateText(r.submitted_on),
    datedBy: (r.dated_by as ReportExplanation['datedBy']) ?? null,
    receivedOn: dateText(r.received_on),
    incomingRef: str(r.incoming_ref),
    knownAt: r.submitted_at instanceof Date ? r.submitted_at.toISOString() : str(r.submitted_at),
    submittedBy: str(r.submitted_by),
    workingDaysLate: Number(r.working_days_late),
    missing: Boolean(r.missing),
    value: Number(r.value),
    eventId: str(r.report_event),
  };
}
