import type { DuckDb } from '@cchc/core';

export const PLAN_AMENDMENT_KINDS = ['task_added', 'task_amended', 'deadline_set', 'task_withdrawn'] as const;
export type PlanAmendmentKind = (typeof PLAN_AMENDMENT_KINDS)[number];

/** Vietnamese first: what each kind of amendment is called in the plan's history. */
export const PLAN_AMENDMENT_LABELS: Readonly<Record<PlanAmendmentKind, { vi: string; en: string }>> = {
  task_added: { vi: 'bổ sung nhiệm vụ (phát sinh)', en: 'task added' },
  task_amended: { vi: 'điều chỉnh nhiệm vụ', en: 'task amended' },
  deadline_set: { vi: 'đặt/đổi thời hạn', en: 'deadline set or moved' },
  task_withdrawn: { vi: 'rút nhiệm vụ khỏi kế hoạch', en: 'task withdrawn' },
};

/** One amendment of the plan, as the plan's history lists it (cchc_plan_amendments, sql/plan-amendments.ts). */
export type PlanAmendment = {
  readonly planId: string;
  readonly year: number;
  readonly taskId: string;
  readonly kind: PlanAmendmentKind;
  readonly decisionRef: string | null;
  /** The day the decision was signed; absent from deadlines set before amendments carried it. */
  readonly decidedOn: string | null;
  /** A deadline set for one unit's assignment only. */
  readonly unitId: string | null;
  readonly title: string | null;
  readonly previousTitle: string | null;
  readonly product: string | null;
  readonly previousProduct: string | null;
  readonly due: string | null;
  readonly previousDue: string | null;
  readonly reason: string | null;
  readonly position: number;
  readonly eventId: string;
  /** When the amendment takes effect (the event's occurredAt). */
  readonly occurredAt: string;
  /** When the office knew it (R-AS-KNOWN). */
  readonly knownAt: string;
  /** When the store recorded it. */
  readonly recordedAt: string;
};

/** The plan's amendments that count at (asOf, position), in the order they became known. */
export async function planAmendments(
  db: DuckDb,
  at: { readonly asOf: string; readonly position: number; readonly planId?: string | null },
): Promise<PlanAmendment[]> {
  return db.rows<PlanAmendment>(
    `SELECT plan_id AS "planId", year, task_id AS "taskId", kind, decision_ref AS "decisionRef", decided_on::VARCHAR AS "decidedOn",
            unit_id AS "unitId", title, previous_title AS "previousTitle", product, previous_product AS "previousProduct",
            due::VARCHAR AS due, previous_due::VARCHAR AS "previousDue", reason, position, event_id::VARCHAR AS "eventId",
            occurred_at AS "occurredAt", known_at AS "knownAt", recorded_at AS "recordedAt"
     FROM cchc_plan_amendments($1::TIMESTAMPTZ, $2::BIGINT, p_plan := $3::VARCHAR)
     ORDER BY known_at, position`,
    [at.asOf, at.position, at.planId ?? null],
  );
}
