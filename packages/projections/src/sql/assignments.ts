import {
  ASSIGNMENT_STATUS_CODES,
  ASSIGNMENT_STATUSES,
  type AssignmentStatusCode,
} from '../read-models/assignment-statuses.ts';
import { ACTIVITY_TYPES, mayBelongToPlan, vis } from './fragments.ts';

const code = (status: AssignmentStatusCode) => `'${status}'`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A label column beside `status` (a lateral alias of the same SELECT), from the one table of labels. */
const labelColumn = (lang: 'vi' | 'en') =>
  `CASE status ${ASSIGNMENT_STATUS_CODES.map((c) => `WHEN ${code(c)} THEN ${literal(ASSIGNMENT_STATUSES[c][lang])}`).join(' ')} END AS status_${lang},`;

/**
 * One row per current assignment (task, holder, role) of every plan: its due date, status,
 * whether it is scorable, its score s and the parts of s, with the event ids behind them.
 *
 * Assignments follow reassignments: a slot (task, unit) is acquired by definition, assignment or
 * reassignment and released by a reassignment (away from it, or replaced onto it); a reassignment
 * continues the moved assignment under its new holder, so its whole history goes with it.
 * `status` is a code of read-models/assignment-statuses.ts; `labels` adds its Vietnamese and
 * English labels beside it (for analysts; scoring does not read them).
 */
export const assignmentsBody = (chains: string, options: { readonly labels: boolean }) => `
WITH
rb AS (SELECT * FROM rb_rulebooks WHERE rb_key = p_rb),
plans AS (
  SELECT plan_id, any_value(year) AS year FROM rm_plans p WHERE ${vis('p')} GROUP BY plan_id
),
year_plans AS (SELECT year, min(plan_id) AS plan_id FROM plans GROUP BY year),
-- Per plan year, once: the year-end cutoff and how many quarters have elapsed at the instant.
-- R-CUTOFF: the year end is the rulebook's cutoff day, 23:59:59.999 local; from then on all 4 quarters have elapsed.
years AS (
  SELECT year, year_end,
    CASE WHEN p_asof >= year_end THEN 4
         ELSE CAST(p_asof >= cchc_day_end(make_date(year, 3, 31)) AS INTEGER) + CAST(p_asof >= cchc_day_end(make_date(year, 6, 30)) AS INTEGER)
            + CAST(p_asof >= cchc_day_end(make_date(year, 9, 30)) AS INTEGER) + CAST(p_asof >= cchc_day_end(make_date(year, 12, 31)) AS INTEGER)
    END AS quarters_elapsed
  FROM (SELECT DISTINCT t.year, cchc_day_end(make_date(t.year, rb.cutoff_month, rb.cutoff_day)) AS year_end FROM rm_tasks t CROSS JOIN rb)
),
tasks AS (
  SELECT t.task_stream, coalesce(t.plan_id, yp.plan_id) AS plan_id, t.year, t.task_id, t.area, t.deadline_kind, t.deadline_due,
         t.event_id AS defined_event, y.year_end, y.quarters_elapsed
  FROM rm_tasks t JOIN years y USING (year) LEFT JOIN year_plans yp ON yp.year = t.year
  WHERE ${vis('t')} AND ${mayBelongToPlan('t')} AND (p_plan IS NULL OR coalesce(t.plan_id, yp.plan_id) = p_plan)
),
chains AS (SELECT * FROM ${chains}),
current AS (
  SELECT c.*, t.plan_id, t.year, t.task_id, t.area, t.deadline_kind, t.deadline_due, t.defined_event, t.year_end, t.quarters_elapsed
  FROM chains c JOIN tasks t USING (task_stream) WHERE c.end_pos IS NULL
),
chain_years AS (SELECT c.*, t.year FROM chains c JOIN tasks t USING (task_stream)),
-- Task activity per assignment interval (read-models/activity-facts.ts): each event was mapped to its
-- slot when it was projected, so "as of" is a filter on its instants and an aggregation per slot,
-- joined to the interval that starts at the slot. Where that shortcut is not exact at (p_asof,
-- p_pos) the (task, unit) is answered by the range join over its events (slow_pairs): the slot's own
-- event does not count yet, the task's year was unknown when projected, or one of the (task, unit)'s
-- events is listed by a knowledge claim (which can make it known before its own times).
slot_acts AS (
  SELECT a.task_stream, a.unit_id, a.slot_pos, any_value(a.slot_vis_since) AS slot_vis_since, bool_or(a.task_year IS NULL) AS year_unknown,
    max({'p': a.position, 'o': a.occurred_at}) FILTER (WHERE a.type = 'TaskCompleted') AS last_complete,
    max(a.position) FILTER (WHERE a.type = 'TaskReopened') AS last_reopen_pos,
    count(*) FILTER (WHERE a.type = 'ProductReturned') AS returns,
    max({'p': a.position, 't': a.type}) FILTER (WHERE a.type IN ('ProductSubmitted', 'ProductReturned', 'TaskCompleted', 'TaskReopened')) AS last_step,
    count(*) FILTER (WHERE a.type = 'DelayExcused') > 0 AS excused,
    coalesce(bool_or(a.progress_quarter = 1), false) AS p1, coalesce(bool_or(a.progress_quarter = 2), false) AS p2,
    coalesce(bool_or(a.progress_quarter = 3), false) AS p3, coalesce(bool_or(a.progress_quarter = 4), false) AS p4
  FROM rm_activity a
  WHERE a.slot_pos IS NOT NULL AND a.position <= p_pos AND a.occurred_at <= p_asof AND a.known_at <= p_asof
    -- One plan: its task streams, as a semi-join the scan can use as a filter.
    AND (p_plan IS NULL OR a.task_stream IN (SELECT task_stream FROM cchc_plan_tasks(p_asof, p_pos, p_plan := p_plan)))
  GROUP BY a.slot_pos, a.unit_id, a.task_stream
),
slow_pairs AS (
  SELECT task_stream, unit_id FROM slot_acts WHERE slot_vis_since > p_asof OR year_unknown
  UNION SELECT stream_id, unit_id FROM rm_claimed_events WHERE type IN ${ACTIVITY_TYPES}
),
acts_fast AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, s.last_complete, s.last_reopen_pos, s.returns, s.last_step, s.excused,
         s.p1, s.p2, s.p3, s.p4
  FROM slot_acts s JOIN chain_years c
    ON s.task_stream = c.task_stream AND s.unit_id = c.holder AND s.slot_pos = c.start_pos AND (c.end_pos IS NULL OR c.end_pos > c.start_pos)
  ANTI JOIN slow_pairs x ON x.task_stream = s.task_stream AND x.unit_id = s.unit_id
),
acts_slow AS (
  SELECT task_stream, origin_unit, origin_pos,
    max({'p': position, 'o': occurred_at}) FILTER (WHERE type = 'TaskCompleted') AS last_complete,
    max(position) FILTER (WHERE type = 'TaskReopened') AS last_reopen_pos,
    count(*) FILTER (WHERE type = 'ProductReturned') AS returns,
    max({'p': position, 't': type}) FILTER (WHERE type IN ('ProductSubmitted', 'ProductReturned', 'TaskCompleted', 'TaskReopened')) AS last_step,
    count(*) FILTER (WHERE type = 'DelayExcused') > 0 AS excused,
    -- Quarters (of the plan year) in which the assignment showed progress.
    coalesce(bool_or(progress_quarter = 1), false) AS p1, coalesce(bool_or(progress_quarter = 2), false) AS p2,
    coalesce(bool_or(progress_quarter = 3), false) AS p3, coalesce(bool_or(progress_quarter = 4), false) AS p4
  FROM (
    SELECT c.task_stream, c.origin_unit, c.origin_pos, a.type, a.position, a.occurred_at,
           CASE WHEN a.type IN ('ProgressReported', 'ProductSubmitted', 'TaskCompleted') AND year(cchc_local_date(a.occurred_at)) = c.year
                THEN quarter(cchc_local_date(a.occurred_at)) END AS progress_quarter
    FROM rm_activity a SEMI JOIN slow_pairs x ON x.task_stream = a.task_stream AND x.unit_id = a.unit_id
    JOIN chain_years c
      ON a.task_stream = c.task_stream AND a.unit_id = c.holder
     AND a.position > c.start_pos AND (c.end_pos IS NULL OR a.position < c.end_pos)
    WHERE ${vis('a')}
  )
  GROUP BY task_stream, origin_unit, origin_pos
),
act_agg AS (
  SELECT task_stream, origin_unit, origin_pos,
    struct_extract(max(last_complete), 'p') AS last_complete_pos,
    max(last_reopen_pos) AS last_reopen_pos,
    struct_extract(max(last_complete), 'o') AS completed_at,
    CAST(sum(returns) AS BIGINT) AS returns,
    struct_extract(max(last_step), 't') AS last_product_step,
    bool_or(excused) AS excused,
    bool_or(p1) AS p1, bool_or(p2) AS p2, bool_or(p3) AS p3, bool_or(p4) AS p4
  FROM (SELECT * FROM acts_fast UNION ALL SELECT * FROM acts_slow)
  GROUP BY task_stream, origin_unit, origin_pos
),
-- R-CANCELLED: a task-wide cancellation, or one of this assignment while its holder held it.
cancels AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, x.event_id
    FROM rm_task_cancellations x JOIN current c ON x.task_stream = c.task_stream
   WHERE x.unit_id IS NULL AND ${vis('x')}
  UNION ALL
  SELECT c.task_stream, c.origin_unit, c.origin_pos, x.event_id
    FROM rm_task_cancellations x JOIN chains c
      ON x.task_stream = c.task_stream AND x.unit_id = c.holder
     AND x.position > c.start_pos AND (c.end_pos IS NULL OR x.position < c.end_pos)
   WHERE x.unit_id IS NOT NULL AND ${vis('x')}
),
cancel_agg AS (SELECT DISTINCT task_stream, origin_unit, origin_pos FROM cancels),
-- Deadline decisions: task-wide ones once per task, an assignment's own ones per assignment, then
-- merged and sorted by position (struct order: position first). No ordered aggregate needed.
task_deadlines AS (
  SELECT task_stream, list({'p': position, 'o': cchc_local_date(occurred_at), 'd': due}) AS sets
  FROM rm_deadline_sets d WHERE d.unit_id IS NULL AND ${vis('d')} GROUP BY task_stream
),
own_deadlines AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, list({'p': d.position, 'o': cchc_local_date(d.occurred_at), 'd': d.due}) AS sets
    FROM rm_deadline_sets d JOIN chains c
      ON d.task_stream = c.task_stream AND d.unit_id = c.holder
     AND d.position > c.start_pos AND (c.end_pos IS NULL OR d.position < c.end_pos)
   WHERE d.unit_id IS NOT NULL AND ${vis('d')}
   GROUP BY ALL
),
joined AS (
  SELECT c.plan_id, c.year, c.task_stream, c.task_id, c.area, c.role, c.holder AS unit_id, c.origin_unit, c.origin_pos,
         c.deadline_kind, c.year_end,
         -- R-DUE-IN-FORCE: a decision counts when taken on or before the due date in force (or when there is none yet).
         CASE WHEN c.deadline_kind = 'ongoing' THEN NULL
              WHEN td.sets IS NULL AND od.sets IS NULL THEN CASE WHEN c.deadline_kind = 'date' THEN c.deadline_due END
              ELSE list_reduce(list_sort(list_concat(coalesce(td.sets, []), coalesce(od.sets, []))),
                               lambda acc, x: {'p': x.p, 'o': x.o, 'd': CASE WHEN acc.d IS NULL OR x.o <= acc.d THEN x.d ELSE acc.d END},
                               {'p': NULL::BIGINT, 'o': NULL::DATE, 'd': CASE WHEN c.deadline_kind = 'date' THEN c.deadline_due END}).d END AS due,
         x.task_stream IS NOT NULL AS cancelled,
         -- R-COMPLETION: completed when the last of its completions and reopenings is a completion.
         (a.last_complete_pos IS NOT NULL AND (a.last_reopen_pos IS NULL OR a.last_reopen_pos < a.last_complete_pos)) AS completed,
         a.completed_at, coalesce(a.returns, 0) AS returns, coalesce(a.excused, false) AS excused,
         a.last_product_step = 'ProductSubmitted' AS pending,
         coalesce(a.p1, false) AS p1, coalesce(a.p2, false) AS p2, coalesce(a.p3, false) AS p3, coalesce(a.p4, false) AS p4,
         c.quarters_elapsed
  FROM current c
  LEFT JOIN act_agg a USING (task_stream, origin_unit, origin_pos)
  LEFT JOIN cancel_agg x USING (task_stream, origin_unit, origin_pos)
  LEFT JOIN task_deadlines td USING (task_stream)
  LEFT JOIN own_deadlines od USING (task_stream, origin_unit, origin_pos)
),
measured AS (
  SELECT j.*,
    CASE WHEN j.completed THEN cchc_local_date(j.completed_at) END AS completed_on,
    -- R-ONGOING: quarters elapsed by the instant in which the assignment showed progress.
    CAST(j.p1 AND j.quarters_elapsed >= 1 AS INTEGER) + CAST(j.p2 AND j.quarters_elapsed >= 2 AS INTEGER)
      + CAST(j.p3 AND j.quarters_elapsed >= 3 AS INTEGER) + CAST(j.p4 AND j.quarters_elapsed >= 4 AS INTEGER) AS quarters_with_progress,
    j.due IS NOT NULL AND cchc_day_end(j.due) < p_asof AS due_passed,
    j.due IS NOT NULL AND (cchc_day_end(j.due) <= p_asof OR (p_asof >= j.year_end AND year(j.due) = j.year)) AS due_counts
  FROM joined j
),
scored AS (
  SELECT m.*,
    -- R-SCORABLE: ongoing once a quarter has elapsed; dated when completed, due by the instant, or due in
    -- the plan year at the year-end cutoff. R-CONDITIONAL: no due date yet, never. R-CANCELLED: never.
    CASE
      WHEN m.cancelled THEN false
      WHEN m.deadline_kind = 'ongoing' THEN m.quarters_elapsed > 0
      WHEN m.due IS NULL THEN false
      ELSE m.completed OR m.due_counts
    END AS scorable_any_role,
    CASE WHEN m.completed AND m.due IS NOT NULL AND m.completed_on > m.due THEN datediff('day', m.due, m.completed_on) ELSE 0 END AS days_late,
    -- R-QUALITY: Q loses the return penalty per returned product, floor 0.
    greatest(0, 1 - rb.return_penalty * m.returns) AS q_value,
    rb.late_penalty AS late_penalty, rb.late_block_days AS late_block_days
  FROM measured m CROSS JOIN rb
)
SELECT plan_id, year, task_stream, task_id, area, role, unit_id, origin_unit, origin_pos, deadline_kind, due,
  CASE
    WHEN cancelled THEN ${code('cancelled')}
    WHEN deadline_kind <> 'ongoing' AND due IS NULL THEN ${code('not_triggered')}
    WHEN completed AND (due IS NULL OR excused OR completed_on <= due) THEN ${code('done_on_time')}
    WHEN completed THEN ${code('done_late')}
    WHEN pending THEN ${code('awaiting_confirmation')}
    WHEN due_passed THEN ${code('overdue')}
    ELSE ${code('in_progress')}
  END AS status,
  ${options.labels ? `${labelColumn('vi')} ${labelColumn('en')}` : ''}
  -- R-LEAD-ONLY: only lead assignments are scored.
  role = 'lead' AND scorable_any_role AS scorable,
  cancelled, completed, completed_on, returns, excused, pending, days_late, quarters_elapsed, quarters_with_progress,
  role = 'lead' AND NOT cancelled AND due IS NOT NULL AND NOT completed AND due_passed AS overdue,
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL ELSE 1.0 END AS c_value,
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL ELSE q_value END AS q_value,
  -- R-TIMELINESS: 1 when on time or excused, else the late penalty per started block of days late, floor 0.
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL
       WHEN excused OR days_late = 0 THEN 1.0
       ELSE greatest(0, 1 - late_penalty * ceil(days_late / late_block_days)) END AS l_value,
  -- R-COMPLETION: s = (C + Q + L)/3 when completed, else 0. R-ONGOING: s = quarters with progress / elapsed.
  CASE
    WHEN NOT (role = 'lead' AND scorable_any_role) THEN NULL
    WHEN deadline_kind = 'ongoing' THEN quarters_with_progress / quarters_elapsed
    WHEN NOT completed THEN 0.0
    ELSE (1.0 + q_value + CASE WHEN excused OR days_late = 0 THEN 1.0 ELSE greatest(0, 1 - late_penalty * ceil(days_late / late_block_days)) END) / 3.0
  END AS s
FROM scored`;
export const ASSIGNMENTS_MACRO = `CREATE OR REPLACE MACRO cchc_assignments(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
${assignmentsBody('cchc_chains(p_asof, p_pos, p_plan := p_plan)', { labels: true })}`;
