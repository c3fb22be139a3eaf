/**
 * The rulebook in SQL: DuckDB table macros over the log (`events`) and the fact tables, computed
 * "as known at" an instant and a log position, for every plan at once. Analysts can call them:
 *
 *   SELECT * FROM cchc_ranking(TIMESTAMPTZ '2025-12-15 23:59:59.999+07', 1e18::BIGINT, 'default-2025@1');
 *
 * Semantics are documented in docs/scoring.md; the TypeScript reference (reference/) implements the
 * same rules independently and the differential tests hold the two to 1e-9.
 *
 * Floating-point sums and means are ordered (ORDER BY inside the aggregate), so a ranking
 * recomputes to the same bits whatever the thread schedule.
 *
 * Visibility: an event counts at (asof, pos) when recorded_at ≤ asof, occurred_at ≤ asof and
 * global_position ≤ pos. Dates are local to Asia/Ho_Chi_Minh whatever the session's time zone.
 */

const vis = (alias: string) =>
  `${alias}.position <= p_pos AND ${alias}.recorded_at <= p_asof AND ${alias}.occurred_at <= p_asof`;
const visEvent = (alias: string) =>
  `${alias}.global_position <= p_pos AND ${alias}.recorded_at <= p_asof AND ${alias}.occurred_at <= p_asof`;

/**
 * Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so local dates are plain
 * microsecond arithmetic: exact, independent of the session's time zone, and much cheaper per row
 * than an ICU conversion.
 */
const OFFSET_US = '25200000000';
export const SCALAR_MACROS = [
  `CREATE OR REPLACE MACRO cchc_local_date(ts) AS CAST(make_timestamp(epoch_us(ts) + ${OFFSET_US}) AS DATE)`,
  `CREATE OR REPLACE MACRO cchc_day_end(d) AS make_timestamptz(epoch_us(CAST(d AS TIMESTAMP)) + 86399999000 - ${OFFSET_US})`,
];

/** Rulebooks as rows, keyed `<id>@<version>`; loaded by rulebook-tables.ts. */
export const RULEBOOK_TABLES = [
  `CREATE TABLE IF NOT EXISTS rb_rulebooks (rb_key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, version INTEGER NOT NULL, json VARCHAR NOT NULL,
     w_tasks DOUBLE, w_reports DOUBLE, return_penalty DOUBLE, late_penalty DOUBLE, late_block_days INTEGER,
     report_late_penalty DOUBLE, report_block_wd INTEGER, missing_deduction DOUBLE,
     bonus_department DOUBLE, bonus_province DOUBLE, bonus_cap DOUBLE, criticism_deduction DOUBLE,
     sanction_band VARCHAR, cutoff_month INTEGER, cutoff_day INTEGER)`,
  `CREATE TABLE IF NOT EXISTS rb_area_weights (rb_key VARCHAR NOT NULL, area VARCHAR NOT NULL, weight DOUBLE NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS rb_bands (rb_key VARCHAR NOT NULL, ord INTEGER NOT NULL, name VARCHAR NOT NULL, min_score DOUBLE, requires_no_overdue BOOLEAN NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS rb_sanction_kinds (rb_key VARCHAR NOT NULL, kind VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS rb_holidays (rb_key VARCHAR NOT NULL, day DATE NOT NULL)`,
];

/**
 * A cheap prefilter on a task row for one plan: rows of another explicit plan cannot belong to it.
 * It lets the scan skip most rows before the exact (join-dependent) plan test below it.
 */
const mayBelongToPlan = (alias: string) => `(p_plan IS NULL OR ${alias}.plan_id IS NULL OR ${alias}.plan_id = p_plan)`;
const ACTIVITY_TYPES = `('TaskStarted', 'ProgressReported', 'ProductSubmitted', 'ProductReturned', 'TaskCompleted', 'TaskReopened', 'DelayExcused')`;

/** The task streams of a plan (all when p_plan is NULL); a task without a plan id belongs to the first plan of its year. */
export const PLAN_TASKS_MACRO = `
CREATE OR REPLACE MACRO cchc_plan_tasks(p_asof, p_pos, p_plan := NULL) AS TABLE
WITH year_plans AS (SELECT year, min(plan_id) AS plan_id FROM rm_plans p WHERE ${vis('p')} GROUP BY year)
SELECT t.task_stream, coalesce(t.plan_id, yp.plan_id) AS plan_id
FROM rm_tasks t LEFT JOIN year_plans yp ON yp.year = t.year
WHERE ${vis('t')} AND ${mayBelongToPlan('t')} AND (p_plan IS NULL OR coalesce(t.plan_id, yp.plan_id) = p_plan)`;

/**
 * Assignments and who holds them. A slot (task, unit) is acquired by definition, assignment or
 * reassignment and released by a reassignment away from it or onto it (replaced): one interval
 * [start_pos, end_pos) per acquisition. A reassignment continues the moved assignment under its
 * new holder, so an assignment is a chain of intervals from its root acquisition; the row whose
 * end_pos is NULL names its current holder. A reassignment from a unit holding nothing starts no
 * assignment.
 */
const CHAINS_BODY = `
WITH RECURSIVE
plan_tasks AS (SELECT task_stream FROM cchc_plan_tasks(p_asof, p_pos, p_plan)),
reassign AS (SELECT * FROM rm_task_reassignments r WHERE ${vis('r')} AND (p_plan IS NULL OR r.task_stream IN (SELECT task_stream FROM plan_tasks))),
units AS (
  SELECT task_stream, unit_id, position, role, event_id FROM rm_task_units u
  WHERE ${vis('u')} AND (p_plan IS NULL OR u.task_stream IN (SELECT task_stream FROM plan_tasks))
),
-- Most slots are acquired once and never change hands: they skip the window and the recursion.
touched AS (
  SELECT task_stream, from_unit AS unit_id FROM reassign
  UNION SELECT task_stream, to_unit FROM reassign
  UNION SELECT task_stream, unit_id FROM units GROUP BY ALL HAVING count(*) > 1
),
simple AS (
  SELECT u.task_stream, u.unit_id AS origin_unit, u.position AS origin_pos, u.role, u.unit_id AS holder, u.position AS start_pos,
         NULL::BIGINT AS end_pos, u.event_id AS origin_event, [u.event_id] AS holder_events
  FROM units u ANTI JOIN touched t USING (task_stream, unit_id)
),
slots AS (
  SELECT task_stream, unit_id, position, 1 AS k, role, 'root' AS how, NULL::VARCHAR AS from_unit, event_id
    FROM units u SEMI JOIN touched t USING (task_stream, unit_id)
  UNION ALL SELECT task_stream, to_unit, position, 1, role, 'reassign', from_unit, event_id FROM reassign
  UNION ALL SELECT task_stream, from_unit, position, 0, NULL, NULL, NULL, event_id FROM reassign
  UNION ALL SELECT task_stream, to_unit, position, 0, NULL, NULL, NULL, event_id FROM reassign
),
intervals AS (
  SELECT task_stream, unit_id, position AS start_pos, next_pos AS end_pos, role, how, from_unit, event_id
  FROM (SELECT *, lead(position) OVER (PARTITION BY task_stream, unit_id ORDER BY position, k, role) AS next_pos FROM slots)
  WHERE k = 1
),
chains AS (
  SELECT task_stream, unit_id AS origin_unit, start_pos AS origin_pos, role, unit_id AS holder, start_pos, end_pos,
         event_id AS origin_event, [event_id] AS holder_events
    FROM intervals WHERE how = 'root'
  UNION ALL
  SELECT c.task_stream, c.origin_unit, c.origin_pos, c.role, i.unit_id, i.start_pos, i.end_pos, c.origin_event,
         list_append(c.holder_events, i.event_id)
    FROM chains c JOIN intervals i
      ON i.task_stream = c.task_stream AND i.how = 'reassign' AND i.from_unit = c.holder AND i.start_pos = c.end_pos
)
SELECT * FROM simple UNION ALL SELECT * FROM chains`;
export const CHAINS_MACRO = `CREATE OR REPLACE MACRO cchc_chains(p_asof, p_pos, p_plan := NULL) AS TABLE
${CHAINS_BODY}`;

/**
 * One row per current assignment (task, holder, role) of every plan: its due date, status,
 * whether it is scorable, its score s and the parts of s, with the event ids behind them.
 *
 * Assignments follow reassignments: a slot (task, unit) is acquired by definition, assignment or
 * reassignment and released by a reassignment (away from it, or replaced onto it); a reassignment
 * continues the moved assignment under its new holder, so its whole history goes with it.
 */
const assignmentsBody = (chains: string) => `
WITH
rb AS (SELECT * FROM rb_rulebooks WHERE rb_key = p_rb),
plans AS (
  SELECT plan_id, any_value(year) AS year FROM rm_plans p WHERE ${vis('p')} GROUP BY plan_id
),
year_plans AS (SELECT year, min(plan_id) AS plan_id FROM plans GROUP BY year),
-- Per plan year, once: the year-end cutoff and how many quarters have elapsed at the instant.
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
acts AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, e.type, e.global_position, e.occurred_at, e.event_id, c.year
  FROM events e JOIN chain_years c
    ON e.stream_id = c.task_stream AND e.unit_id = c.holder
   AND e.global_position > c.start_pos AND (c.end_pos IS NULL OR e.global_position < c.end_pos)
  WHERE e.type IN ${ACTIVITY_TYPES} AND ${visEvent('e')}
    -- One plan: its task streams, as a semi-join the scan can use as a filter.
    AND (p_plan IS NULL OR e.stream_id IN (SELECT task_stream FROM cchc_plan_tasks(p_asof, p_pos, p_plan := p_plan)))
),
act_agg AS (
  SELECT a.task_stream, a.origin_unit, a.origin_pos,
    max(global_position) FILTER (WHERE type = 'TaskCompleted') AS last_complete_pos,
    max(global_position) FILTER (WHERE type = 'TaskReopened') AS last_reopen_pos,
    arg_max(occurred_at, global_position) FILTER (WHERE type = 'TaskCompleted') AS completed_at,
    count(*) FILTER (WHERE type = 'ProductReturned') AS returns,
    arg_max(type, global_position) FILTER (WHERE type IN ('ProductSubmitted', 'ProductReturned', 'TaskCompleted', 'TaskReopened')) AS last_product_step,
    count(*) FILTER (WHERE type = 'DelayExcused') > 0 AS excused,
    -- Quarters (of the plan year) in which the assignment showed progress.
    bool_or(progress_quarter = 1) AS p1, bool_or(progress_quarter = 2) AS p2,
    bool_or(progress_quarter = 3) AS p3, bool_or(progress_quarter = 4) AS p4
  FROM (
    SELECT *, CASE WHEN type IN ('ProgressReported', 'ProductSubmitted', 'TaskCompleted') AND year(cchc_local_date(occurred_at)) = year
                   THEN quarter(cchc_local_date(occurred_at)) END AS progress_quarter
    FROM acts
  ) a
  GROUP BY a.task_stream, a.origin_unit, a.origin_pos
),
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
         -- A decision counts when taken on or before the due date in force (or when there is none yet).
         CASE WHEN c.deadline_kind = 'ongoing' THEN NULL
              WHEN td.sets IS NULL AND od.sets IS NULL THEN CASE WHEN c.deadline_kind = 'date' THEN c.deadline_due END
              ELSE list_reduce(list_sort(list_concat(coalesce(td.sets, []), coalesce(od.sets, []))),
                               lambda acc, x: {'p': x.p, 'o': x.o, 'd': CASE WHEN acc.d IS NULL OR x.o <= acc.d THEN x.d ELSE acc.d END},
                               {'p': NULL::BIGINT, 'o': NULL::DATE, 'd': CASE WHEN c.deadline_kind = 'date' THEN c.deadline_due END}).d END AS due,
         x.task_stream IS NOT NULL AS cancelled,
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
    CAST(j.p1 AND j.quarters_elapsed >= 1 AS INTEGER) + CAST(j.p2 AND j.quarters_elapsed >= 2 AS INTEGER)
      + CAST(j.p3 AND j.quarters_elapsed >= 3 AS INTEGER) + CAST(j.p4 AND j.quarters_elapsed >= 4 AS INTEGER) AS quarters_with_progress,
    j.due IS NOT NULL AND cchc_day_end(j.due) < p_asof AS due_passed,
    j.due IS NOT NULL AND (cchc_day_end(j.due) <= p_asof OR (p_asof >= j.year_end AND year(j.due) = j.year)) AS due_counts
  FROM joined j
),
scored AS (
  SELECT m.*,
    CASE
      WHEN m.cancelled THEN false
      WHEN m.deadline_kind = 'ongoing' THEN m.quarters_elapsed > 0
      WHEN m.due IS NULL THEN false
      ELSE m.completed OR m.due_counts
    END AS scorable_any_role,
    CASE WHEN m.completed AND m.due IS NOT NULL AND m.completed_on > m.due THEN datediff('day', m.due, m.completed_on) ELSE 0 END AS days_late,
    greatest(0, 1 - rb.return_penalty * m.returns) AS q_value,
    rb.late_penalty AS late_penalty, rb.late_block_days AS late_block_days
  FROM measured m CROSS JOIN rb
)
SELECT plan_id, year, task_stream, task_id, area, role, unit_id, origin_unit, origin_pos, deadline_kind, due,
  CASE
    WHEN cancelled THEN 'Đã hủy'
    WHEN deadline_kind <> 'ongoing' AND due IS NULL THEN 'Không phát sinh'
    WHEN completed AND (due IS NULL OR excused OR completed_on <= due) THEN 'Hoàn thành đúng hạn'
    WHEN completed THEN 'Hoàn thành trễ hạn'
    WHEN pending THEN 'Chờ xác nhận'
    WHEN due_passed THEN 'Quá hạn chưa hoàn thành'
    ELSE 'Đang thực hiện trong hạn'
  END AS status,
  role = 'lead' AND scorable_any_role AS scorable,
  cancelled, completed, completed_on, returns, excused, pending, days_late, quarters_elapsed, quarters_with_progress,
  role = 'lead' AND NOT cancelled AND due IS NOT NULL AND NOT completed AND due_passed AS overdue,
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL ELSE 1.0 END AS c_value,
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL ELSE q_value END AS q_value,
  CASE WHEN deadline_kind = 'ongoing' OR NOT completed THEN NULL
       WHEN excused OR days_late = 0 THEN 1.0
       ELSE greatest(0, 1 - late_penalty * ceil(days_late / late_block_days)) END AS l_value,
  CASE
    WHEN NOT (role = 'lead' AND scorable_any_role) THEN NULL
    WHEN deadline_kind = 'ongoing' THEN quarters_with_progress / quarters_elapsed
    WHEN NOT completed THEN 0.0
    ELSE (1.0 + q_value + CASE WHEN excused OR days_late = 0 THEN 1.0 ELSE greatest(0, 1 - late_penalty * ceil(days_late / late_block_days)) END) / 3.0
  END AS s
FROM scored`;
export const ASSIGNMENTS_MACRO = `CREATE OR REPLACE MACRO cchc_assignments(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
${assignmentsBody('cchc_chains(p_asof, p_pos, p_plan := p_plan)')}`;

/**
 * Rows of a fact table that bear on one chain: those addressed to the whole task (no unit), and
 * those addressed to a unit while it held the chain.
 */
const taskOrHolderScoped = (table: string, a: string) => `
  SELECT m.task_stream, m.origin_unit, m.origin_pos, ${a}.position, ${a}.event_id FROM ${table} ${a} JOIN mine m USING (task_stream)
   WHERE ${a}.unit_id IS NULL AND ${vis(a)}
  UNION ALL
  SELECT c.task_stream, c.origin_unit, c.origin_pos, ${a}.position, ${a}.event_id FROM ${table} ${a} JOIN intervals c
      ON ${a}.task_stream = c.task_stream AND ${a}.unit_id = c.holder AND ${a}.position > c.start_pos AND (c.end_pos IS NULL OR ${a}.position < c.end_pos)
   WHERE ${a}.unit_id IS NOT NULL AND ${vis(a)}
`;

/**
 * The events behind one unit's current assignments, for `explain`: definition, holders, deadline
 * decisions, cancellations, the last completion, returns, excuses and progress (with its quarter).
 */
export const ASSIGNMENT_EVIDENCE_MACRO = `
CREATE OR REPLACE MACRO cchc_assignment_evidence(p_asof, p_pos, p_unit, p_plan := NULL) AS TABLE
WITH
chains AS (SELECT * FROM cchc_chains(p_asof, p_pos, p_plan := p_plan)),
mine AS (SELECT * FROM chains WHERE end_pos IS NULL AND holder = p_unit),
intervals AS (SELECT c.* FROM chains c SEMI JOIN mine m USING (task_stream, origin_unit, origin_pos)),
tasks AS (SELECT task_stream, year, event_id AS defined_event FROM rm_tasks t WHERE ${vis('t')}),
acts AS (
  SELECT c.task_stream, c.origin_unit, c.origin_pos, e.type, e.global_position, e.occurred_at, e.event_id, t.year
  FROM events e JOIN intervals c
    ON e.stream_id = c.task_stream AND e.unit_id = c.holder
   AND e.global_position > c.start_pos AND (c.end_pos IS NULL OR e.global_position < c.end_pos)
  JOIN tasks t ON t.task_stream = c.task_stream
  WHERE e.type IN ${ACTIVITY_TYPES} AND ${visEvent('e')}
),
act_agg AS (
  SELECT task_stream, origin_unit, origin_pos,
    arg_max(event_id, global_position) FILTER (WHERE type = 'TaskCompleted') AS completed_event,
    list(event_id ORDER BY global_position) FILTER (WHERE type = 'ProductReturned') AS return_events,
    list(event_id ORDER BY global_position) FILTER (WHERE type = 'DelayExcused') AS excuse_events,
    list({'q': quarter(cchc_local_date(occurred_at)), 'event_id': event_id} ORDER BY global_position)
      FILTER (WHERE type IN ('ProgressReported', 'ProductSubmitted', 'TaskCompleted') AND year(cchc_local_date(occurred_at)) = year) AS progress
  FROM acts GROUP BY ALL
),
decisions AS (${taskOrHolderScoped('rm_deadline_sets', 'd')}),
cancels AS (${taskOrHolderScoped('rm_task_cancellations', 'x')})
SELECT m.task_stream, m.origin_unit, m.origin_pos, t.defined_event, m.holder_events,
  coalesce((SELECT list(d.event_id ORDER BY d.position) FROM decisions d WHERE d.task_stream = m.task_stream AND d.origin_unit = m.origin_unit AND d.origin_pos = m.origin_pos), []) AS deadline_events,
  coalesce((SELECT list(x.event_id ORDER BY x.position) FROM cancels x WHERE x.task_stream = m.task_stream AND x.origin_unit = m.origin_unit AND x.origin_pos = m.origin_pos), []) AS cancel_events,
  a.completed_event, coalesce(a.return_events, []) AS return_events, coalesce(a.excuse_events, []) AS excuse_events,
  coalesce(a.progress, []) AS progress
FROM mine m JOIN tasks t USING (task_stream) LEFT JOIN act_agg a USING (task_stream, origin_unit, origin_pos)`;

/** Per unit of each plan: report items due by the instant (one row per unit and period). */
const reportItemsBody = (population: string) => `
WITH RECURSIVE
rb AS (SELECT * FROM rb_rulebooks WHERE rb_key = p_rb),
population AS (SELECT * FROM ${population}),
changes AS (SELECT * FROM rm_unit_changes c WHERE ${vis('c')} AND change IN ('merged', 'split') AND successor_id IS NOT NULL),
heirs AS (
  SELECT successor_id AS heir, unit_id AS member FROM changes
  UNION
  SELECT h.heir, c.unit_id FROM heirs h JOIN changes c ON c.successor_id = h.member
),
members AS (
  SELECT plan_id, unit_id, unit_id AS member FROM population
  UNION SELECT p.plan_id, p.unit_id, h.member FROM population p JOIN heirs h ON h.heir = p.unit_id
),
schedule AS (
  SELECT s.plan_id, s.period, s.due FROM rm_report_schedule s WHERE ${vis('s')}
),
due_items AS (
  SELECT p.plan_id, p.year, p.unit_id, s.period, s.due
  FROM population p JOIN schedule s ON s.plan_id = p.plan_id
  WHERE cchc_day_end(s.due) <= p_asof
),
-- Materialized so that the optimizer cannot join reports to due items on (year, period) alone
-- before narrowing them to the unit: that order multiplies rows by the number of units.
member_reports AS MATERIALIZED (
  SELECT m.plan_id, m.unit_id, r.year, r.period, r.recorded_at, r.event_id, r.unit_id AS submitted_by
  FROM members m JOIN rm_reports r ON r.unit_id = m.member
  WHERE ${vis('r')}
),
submissions AS (
  SELECT i.plan_id, i.unit_id, i.period, min(mr.recorded_at) AS submitted_at, arg_min(mr.event_id, mr.recorded_at) AS report_event,
         arg_min(mr.submitted_by, mr.recorded_at) AS submitted_by
  FROM due_items i JOIN member_reports mr
    ON mr.plan_id = i.plan_id AND mr.unit_id = i.unit_id AND mr.year = i.year AND mr.period = i.period
  GROUP BY ALL
),
bounds AS (SELECT min(year) AS y0, max(year) AS y1 FROM population),
calendar AS (
  SELECT d, sum(CAST(working AS INTEGER)) OVER (ORDER BY d) AS wd_index FROM (
    SELECT CAST(range AS DATE) AS d,
           isodow(CAST(range AS DATE)) <= 5 AND CAST(range AS DATE) NOT IN (SELECT day FROM rb_holidays WHERE rb_key = p_rb) AS working
    FROM bounds, range(CAST(make_date(coalesce(y0, 2000), 1, 1) AS TIMESTAMP), CAST(make_date(coalesce(y1, 2000) + 2, 1, 1) AS TIMESTAMP), INTERVAL 1 DAY)
  )
),
items AS (
  SELECT i.*, s.submitted_at, s.report_event, s.submitted_by, cchc_local_date(s.submitted_at) AS submitted_on
  FROM due_items i LEFT JOIN submissions s USING (plan_id, unit_id, period)
)
SELECT i.plan_id, i.year, i.unit_id, i.period, i.due, i.submitted_at, i.submitted_on, i.submitted_by, i.report_event,
  CASE WHEN i.submitted_on > i.due THEN cs.wd_index - cd.wd_index ELSE 0 END AS working_days_late,
  i.submitted_at IS NULL AS missing,
  CASE WHEN i.submitted_at IS NULL THEN 0.0
       WHEN i.submitted_on <= i.due THEN 1.0
       ELSE greatest(0, 1 - rb.report_late_penalty * ceil((cs.wd_index - cd.wd_index) / rb.report_block_wd)) END AS value
FROM items i CROSS JOIN rb
LEFT JOIN calendar cd ON cd.d = i.due
LEFT JOIN calendar cs ON cs.d = i.submitted_on`;
export const REPORT_ITEMS_MACRO = `CREATE OR REPLACE MACRO cchc_report_items(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
${reportItemsBody('cchc_population(p_asof, p_pos, p_plan := p_plan)')}`;

/** The units ranked in each plan at the instant: active, holding at least one assignment in it. */
const populationBody = (chains: string) => `
WITH
ended AS (SELECT DISTINCT unit_id FROM rm_unit_changes c WHERE ${vis('c')} AND change IN ('merged', 'split')),
established AS (SELECT unit_id, arg_min(name, position) AS name FROM rm_units u WHERE ${vis('u')} GROUP BY unit_id),
renamed AS (SELECT unit_id, arg_max(name, position) AS name FROM rm_unit_changes c WHERE ${vis('c')} AND change = 'renamed' GROUP BY unit_id),
plans AS (SELECT plan_id, any_value(year) AS year FROM rm_plans p WHERE ${vis('p')} GROUP BY plan_id),
year_plans AS (SELECT year, min(plan_id) AS plan_id FROM plans GROUP BY year),
held AS (
  -- Current holders of an assignment (lead or coordinator, cancelled or not).
  SELECT DISTINCT coalesce(t.plan_id, yp.plan_id) AS plan_id, t.year, h.holder AS unit_id
  FROM ${chains} h
  JOIN rm_tasks t ON t.task_stream = h.task_stream AND ${vis('t')}
  LEFT JOIN year_plans yp ON yp.year = t.year
  WHERE h.end_pos IS NULL
)
SELECT h.plan_id, h.year, h.unit_id, coalesce(r.name, e.name) AS unit_name
FROM held h JOIN established e USING (unit_id) LEFT JOIN renamed r USING (unit_id)
WHERE h.unit_id NOT IN (SELECT unit_id FROM ended)
  AND h.plan_id IS NOT NULL AND (p_plan IS NULL OR h.plan_id = p_plan)`;
export const POPULATION_MACRO = `CREATE OR REPLACE MACRO cchc_population(p_asof, p_pos, p_plan := NULL) AS TABLE
${populationBody('cchc_chains(p_asof, p_pos, p_plan := p_plan)')}`;

/** One row per ranked unit: components, bonus, deductions, score (unrounded), band, rank. */
export const RANKING_MACRO = `
CREATE OR REPLACE MACRO cchc_ranking(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
WITH
rb AS (SELECT * FROM rb_rulebooks WHERE rb_key = p_rb),
-- Who holds what is computed once and shared by the population, the assignments and the reports.
chains_once AS MATERIALIZED (${CHAINS_BODY}),
population AS MATERIALIZED (${populationBody('chains_once')}),
assignments AS MATERIALIZED (${assignmentsBody('chains_once')}),
report_items AS (${reportItemsBody('population')}),
areas AS (
  SELECT a.plan_id, a.unit_id, a.area, avg(a.s ORDER BY a.task_stream, a.origin_pos) AS value, count(*) AS n
  FROM assignments a WHERE a.scorable GROUP BY ALL
),
tasks AS (
  SELECT ar.plan_id, ar.unit_id, sum(w.weight * ar.value ORDER BY ar.area) / sum(w.weight ORDER BY ar.area) AS tasks_value,
         sum(ar.n) AS scorable_assignments
  FROM areas ar JOIN rb_area_weights w ON w.rb_key = p_rb AND w.area = ar.area
  GROUP BY ALL
),
overdue AS (SELECT plan_id, unit_id, count(*) FILTER (WHERE overdue) AS overdue FROM assignments GROUP BY ALL),
reports AS (
  SELECT plan_id, unit_id, avg(value ORDER BY period) AS reports_value, count(*) AS reports_due, count(*) FILTER (WHERE missing) AS reports_missing
  FROM report_items GROUP BY ALL
),
recog AS (
  SELECT p.plan_id, p.unit_id,
    coalesce(sum(CASE WHEN r.kind = 'initiative' AND r.level = 'province' THEN rb.bonus_province
                      WHEN r.kind = 'initiative' AND r.level = 'department' THEN rb.bonus_department ELSE 0 END), 0) AS bonus_raw,
    count(*) FILTER (WHERE r.kind = 'criticism') AS criticisms,
    count(*) FILTER (WHERE r.kind = 'sanction' AND r.sanction_kind IN (SELECT kind FROM rb_sanction_kinds WHERE rb_key = p_rb)) AS sanctions
  FROM population p CROSS JOIN rb
  LEFT JOIN rm_recognitions r ON r.unit_id = p.unit_id AND ${vis('r')} AND year(cchc_local_date(r.occurred_at)) = p.year
  GROUP BY ALL
),
units AS (
  SELECT p.plan_id, p.year, p.unit_id, p.unit_name, t.tasks_value, coalesce(t.scorable_assignments, 0) AS scorable_assignments,
    r.reports_value, coalesce(r.reports_due, 0) AS reports_due, coalesce(r.reports_missing, 0) AS reports_missing,
    least(rb.bonus_cap, g.bonus_raw) AS bonus, g.criticisms * rb.criticism_deduction AS criticism_deduction,
    coalesce(r.reports_missing, 0) * rb.missing_deduction AS missing_deduction, g.sanctions,
    coalesce(o.overdue, 0) AS overdue_assignments,
    CASE WHEN t.tasks_value IS NULL AND r.reports_value IS NULL THEN NULL
         ELSE 100 * (coalesce(rb.w_tasks * t.tasks_value, 0) + coalesce(rb.w_reports * r.reports_value, 0))
                  / (CASE WHEN t.tasks_value IS NULL THEN 0 ELSE rb.w_tasks END + CASE WHEN r.reports_value IS NULL THEN 0 ELSE rb.w_reports END)
    END AS base
  FROM population p CROSS JOIN rb
  LEFT JOIN tasks t USING (plan_id, unit_id)
  LEFT JOIN reports r USING (plan_id, unit_id)
  LEFT JOIN recog g USING (plan_id, unit_id)
  LEFT JOIN overdue o USING (plan_id, unit_id)
),
final AS (
  SELECT u.*, CASE WHEN u.base IS NULL THEN NULL ELSE greatest(0, u.base + u.bonus - u.criticism_deduction - u.missing_deduction) END AS score
  FROM units u
),
banded AS (
  SELECT f.plan_id, f.unit_id, arg_min(b.name, b.ord) AS band
  FROM final f JOIN rb_bands b ON b.rb_key = p_rb
    AND (b.min_score IS NULL OR round(f.score, 9) >= b.min_score)
    AND (NOT b.requires_no_overdue OR f.overdue_assignments = 0)
  WHERE f.score IS NOT NULL
  GROUP BY ALL
)
SELECT f.*,
  CASE WHEN f.score IS NULL THEN NULL WHEN f.sanctions > 0 THEN rb.sanction_band ELSE b.band END AS band,
  CASE WHEN f.score IS NULL THEN NULL ELSE rank() OVER (PARTITION BY f.plan_id ORDER BY round(f.score, 9) DESC NULLS LAST) END AS rank
FROM final f CROSS JOIN rb LEFT JOIN banded b USING (plan_id, unit_id)`;

export const SCORING_MACROS = [
  PLAN_TASKS_MACRO,
  CHAINS_MACRO,
  POPULATION_MACRO,
  ASSIGNMENTS_MACRO,
  ASSIGNMENT_EVIDENCE_MACRO,
  REPORT_ITEMS_MACRO,
  RANKING_MACRO,
];
