import { type DuckDb, NotFoundError } from '@cchc/core';
import {
  ASSIGNMENT_STATUSES,
  type AssignmentStatusCode,
  assignmentStatusCode,
  DEFAULT_RULEBOOK,
  rulebookKey,
} from '@cchc/projections';
import type { BackDatedPage } from '../answers/audit.ts';
import type { Indicator } from '../answers/indicators.ts';
import type { AreaProgress, AssignmentPage, PlanSummary } from '../answers/plans.ts';
import type { ReportItem } from '../answers/reports.ts';
import type { TaskDefinition } from '../answers/tasks.ts';
import type { Unit } from '../answers/units.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../http/schemas.ts';

/** SQL behind the read endpoints. Every value is a bound parameter; DATE columns leave as text. */
const DEFAULT_KEY = rulebookKey(DEFAULT_RULEBOOK);

export async function listPlans(db: DuckDb, position: number): Promise<PlanSummary[]> {
  return db.rows<PlanSummary>(
    `SELECT p.plan_id AS "planId", p.year, p.title, p.decision_ref AS "decisionRef", p.position, p.occurred_at AS "issuedAt",
            (SELECT count(*) FROM rm_tasks t WHERE t.plan_id = p.plan_id AND t.position <= $1::BIGINT)::INTEGER AS tasks
     FROM rm_plans p WHERE p.position <= $1::BIGINT ORDER BY p.year, p.plan_id`,
    [position],
  );
}

export async function planExists(db: DuckDb, planId: string): Promise<void> {
  if ((await db.value<number>(`SELECT count(*)::INTEGER FROM rm_plans WHERE plan_id = $1`, [planId])) === 0) {
    throw new NotFoundError(`Không có kế hoạch ${planId}`, `no plan ${planId}`);
  }
}

export interface AssignmentFilter {
  readonly planId?: string;
  readonly taskStream?: string;
  readonly area?: string;
  readonly unitId?: string;
  readonly status?: AssignmentStatusCode;
  readonly overdue?: boolean;
  readonly asOf: string;
}

const ASSIGNMENT_COLUMNS = `a.plan_id AS "planId", a.year, a.task_id AS "taskId", a.area, coalesce(x.title, t.title) AS title, a.role, a.unit_id AS "unitId",
  a.status, a.deadline_kind AS "deadlineKind", a.due::VARCHAR AS due, a.completed_on::VARCHAR AS "completedOn", a.overdue,
  a.days_late AS "daysLate", a.returns, a.excused, a.pending, a.scorable, a.cancelled,
  a.quarters_elapsed AS "quartersElapsed", a.quarters_with_progress AS "quartersWithProgress", a.s AS score, a.origin_pos AS "originPosition"`;

/**
 * Assignments as known at `asOf`, filtered, one page at a time in log order: by the position that
 * created the assignment, then task, original unit and role (stable when it changes hands). Later
 * pages are cut from the first page's snapshot (position and instant), carried in the cursor.
 */
export async function listAssignments(
  db: DuckDb,
  head: number,
  filter: AssignmentFilter,
  page: { cursor?: string; limit: number },
): Promise<AssignmentPage> {
  const after = decodeCursor(page.cursor);
  if (after.snapshot && after.snapshot.position > head) {
    throw invalidCursor();
  }
  const position = after.snapshot?.position ?? head;
  const asOf = after.snapshot?.asOf ?? filter.asOf;
  const rows = await db.rows<Record<string, unknown> & { originPosition: number; sortKey: string }>(
    `SELECT ${ASSIGNMENT_COLUMNS}, concat_ws(chr(31), a.task_stream, a.origin_unit, a.role) AS "sortKey"
     FROM cchc_assignments($1::TIMESTAMPTZ, $2::BIGINT, $3, p_plan := $4) a
     JOIN rm_tasks t ON t.task_stream = a.task_stream
     LEFT JOIN cchc_task_texts($1::TIMESTAMPTZ, $2::BIGINT) x ON x.task_stream = a.task_stream
     WHERE ($5::VARCHAR IS NULL OR a.task_stream = $5) AND ($6::VARCHAR IS NULL OR a.area = $6)
       AND ($7::VARCHAR IS NULL OR a.unit_id = $7) AND ($8::VARCHAR IS NULL OR a.status = $8)
       AND ($9::BOOLEAN IS NULL OR a.overdue = $9)
       AND (a.origin_pos > $10::BIGINT OR (a.origin_pos = $10::BIGINT AND concat_ws(chr(31), a.task_stream, a.origin_unit, a.role) > $11))
     ORDER BY a.origin_pos, "sortKey" LIMIT $12`,
    [
      asOf,
      position,
      DEFAULT_KEY,
      filter.planId ?? null,
      filter.taskStream ?? null,
      filter.area ?? null,
      filter.unitId ?? null,
      filter.status ?? null,
      filter.overdue ?? null,
      after.position,
      after.tiebreak,
      page.limit + 1,
    ],
  );
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  // The rows are the answer's fields (the answer tests parse them with its schema).
  return {
    items: items.map(({ sortKey: _sortKey, ...row }) => {
      const code = assignmentStatusCode(row.status);
      return { ...row, status: ASSIGNMENT_STATUSES[code].vi, statusCode: code };
    }),
    nextCursor: more && last ? encodeCursor(last.originPosition, last.sortKey, { position, asOf }) : null,
    position,
  } as AssignmentPage;
}

/** A task's definition, its title and product as amended at (asOf, position). */
export async function taskDefinition(
  db: DuckDb,
  taskStream: string,
  position: number,
  asOf: string,
): Promise<TaskDefinition> {
  const [task] = await db.rows<TaskDefinition>(
    `SELECT t.plan_id AS "planId", t.year, t.task_id AS "taskId", t.area, coalesce(x.title, t.title) AS title,
            coalesce(x.product, t.product) AS product, t.deadline_kind AS "deadlineKind",
            t.deadline_due::VARCHAR AS "deadlineDue", t.deadline_text AS "deadlineText", t.deadline_condition AS "deadlineCondition",
            t.deadline_cadence AS "deadlineCadence", t.lead_scope AS "leadScope", t.coordinator_scope AS "coordinatorScope",
            t.added_mid_year AS "addedMidYear", t.position, t.event_id::VARCHAR AS "eventId"
     FROM rm_tasks t LEFT JOIN cchc_task_texts($3::TIMESTAMPTZ, $2::BIGINT) x ON x.task_stream = t.task_stream
     WHERE t.task_stream = $1 AND t.position <= $2::BIGINT`,
    [taskStream, position, asOf],
  );
  if (!task) throw new NotFoundError(`Không có nhiệm vụ ${taskStream}`, `no task ${taskStream}`);
  return task;
}

/** Units with their lineage (establishment, renames, merges, splits) up to the position. */
export async function listUnits(db: DuckDb, position: number, unitId?: string): Promise<Unit[]> {
  const rows = await db.rows<Omit<Unit, 'changes'> & { changes: Unit['changes'] | null }>(
    `SELECT u.unit_id AS "unitId", u.name AS "establishedName", u.kind, u.parent_id AS "parentId", u.occurred_at AS "establishedAt",
            u.event_id::VARCHAR AS "eventId",
            coalesce(arg_max(c.name, c.position) FILTER (WHERE c.change = 'renamed'), u.name) AS name,
            bool_or(c.change IN ('merged', 'split')) IS NOT TRUE AS active,
            list({change: c.change, name: c.name, previousName: c.previous_name, intoUnitIds: c.into_unit_ids, successorId: c.successor_id,
                  decisionRef: c.decision_ref, occurredAt: c.occurred_at, position: c.position, eventId: c.event_id::VARCHAR} ORDER BY c.position)
              FILTER (WHERE c.change IS NOT NULL) AS changes
     FROM rm_units u LEFT JOIN rm_unit_changes c ON c.unit_id = u.unit_id AND c.position <= $1::BIGINT
     WHERE u.position <= $1::BIGINT AND ($2::VARCHAR IS NULL OR u.unit_id = $2)
     GROUP BY u.unit_id, u.name, u.kind, u.parent_id, u.occurred_at, u.event_id, u.position ORDER BY u.position`,
    [position, unitId ?? null],
  );
  return rows.map((r) => ({ ...r, changes: r.changes ?? [] }));
}

export async function progressByArea(
  db: DuckDb,
  position: number,
  asOf: string,
  planId: string | null,
): Promise<AreaProgress[]> {
  return db.rows<AreaProgress>(
    `SELECT plan_id AS "planId", area, assignments, done_on_time AS "doneOnTime", done_late AS "doneLate", overdue,
            awaiting_confirmation AS "awaitingConfirmation", in_progress AS "inProgress", not_triggered AS "notTriggered",
            cancelled, mean_score AS "meanScore"
     FROM cchc_progress_by_area($1::TIMESTAMPTZ, $2::BIGINT, $3) WHERE $4::VARCHAR IS NULL OR plan_id = $4`,
    [asOf, position, DEFAULT_KEY, planId],
  );
}

export async function reportItems(
  db: DuckDb,
  position: number,
  asOf: string,
  filter: { planId: string | null; unitId: string | null },
): Promise<ReportItem[]> {
  return db.rows<ReportItem>(
    `SELECT plan_id AS "planId", year, unit_id AS "unitId", period, due::VARCHAR AS due, submitted_at AS "submittedAt",
            submitted_on::VARCHAR AS "submittedOn", submitted_by AS "submittedBy", report_event::VARCHAR AS "eventId",
            working_days_late AS "workingDaysLate", missing, value
     FROM cchc_report_items($1::TIMESTAMPTZ, $2::BIGINT, $3)
     WHERE ($4::VARCHAR IS NULL OR plan_id = $4) AND ($5::VARCHAR IS NULL OR unit_id = $5)
     ORDER BY plan_id, unit_id, due`,
    [asOf, position, DEFAULT_KEY, filter.planId, filter.unitId],
  );
}

export async function indicators(
  db: DuckDb,
  position: number,
  asOf: string,
  planId: string | null,
): Promise<Indicator[]> {
  return db.rows<Indicator>(
    `SELECT plan_id AS "planId", year, indicator_id AS "indicatorId", text, comparator, target, unit, direction, value, period,
            measured_local::VARCHAR AS "measuredLocal", measurements, event_id::VARCHAR AS "eventId", met
     FROM cchc_indicators($1::TIMESTAMPTZ, $2::BIGINT) WHERE $3::VARCHAR IS NULL OR plan_id = $3`,
    [asOf, position, planId],
  );
}

export async function backDated(
  db: DuckDb,
  position: number,
  days: number,
  page: { cursor?: string; limit: number },
): Promise<BackDatedPage> {
  const after = decodeCursor(page.cursor);
  const rows = await db.rows<BackDatedPage['items'][number]>(
    `SELECT position, stream_id AS "streamId", type, unit_id AS "unitId", task_id AS "taskId", actor, source,
            occurred_local::VARCHAR AS "occurredLocal", recorded_local::VARCHAR AS "recordedLocal", days_late AS "daysLate",
            event_id::VARCHAR AS "eventId", hash
     FROM cchc_back_dated($1) WHERE position <= $2::BIGINT AND position > $3::BIGINT ORDER BY position LIMIT $4`,
    [days, position, after.position, page.limit + 1],
  );
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: more ? encodeCursor(items.at(-1)!.position) : null, position };
}
