import { knownEvents, vis } from '../sql/fragments.ts';

/**
 * Derived criteria of the department index (docs/department-index.md): what the ledger already
 * knows of plan `p_plan` at (p_asof, p_pos), scored by criteria set `p_cs` (ci_* tables), one row
 * per derived leaf: the measured value, its numerator and denominator, the points its thresholds
 * give (first step that holds, else 0; nothing to measure: null and 0), and the event ids behind it.
 * `p_rb` is the unit ranking's rulebook: the same rules decide which tasks and reports are due.
 */
export const INDEX_DERIVED_MACRO = `CREATE OR REPLACE MACRO cchc_index_derived(p_asof, p_pos, p_rb, p_cs, p_plan) AS TABLE
WITH
cs AS (SELECT * FROM ci_criteria_sets WHERE cs_key = p_cs),
the_plan AS (SELECT plan_id, year, event_id, occurred_at, position FROM rm_plans p WHERE ${vis('p')} AND p.plan_id = p_plan
         ORDER BY position LIMIT 1),
due_assignments AS (SELECT * FROM cchc_assignments(p_asof, p_pos, p_rb, p_plan := p_plan) WHERE scorable AND deadline_kind <> 'ongoing'),
-- A task is done when every lead assignment of it that counts is completed.
tasks AS (SELECT task_stream, bool_and(completed) AS done FROM due_assignments GROUP BY task_stream),
completions AS (
  SELECT list(CAST(e.event_id AS VARCHAR) ORDER BY e.global_position) AS ids FROM ${knownEvents()} e
  WHERE e.type = 'TaskCompleted' AND e.stream_id IN (SELECT task_stream FROM tasks WHERE done)
),
reports AS (SELECT * FROM cchc_report_items(p_asof, p_pos, p_rb, p_plan := p_plan)),
indicators AS (SELECT * FROM cchc_indicators(p_asof, p_pos) WHERE plan_id = p_plan),
initiatives AS (
  SELECT r.* FROM rm_recognitions r WHERE ${vis('r')} AND r.kind = 'initiative'
    AND year(cchc_local_date(r.occurred_at)) = (SELECT year FROM the_plan)
    AND r.unit_id IN (SELECT unit_id FROM cchc_population(p_asof, p_pos, p_plan := p_plan))
),
measures AS (
  SELECT 'plan_completion_rate' AS metric, CAST(count(*) FILTER (WHERE done) AS DOUBLE) AS numerator,
         CAST(count(*) AS DOUBLE) AS denominator, coalesce((SELECT ids FROM completions), []) AS event_ids FROM tasks
  UNION ALL
  SELECT 'reports_on_time_rate', count(*) FILTER (WHERE NOT missing AND submitted_on <= due), count(*),
         coalesce(list(CAST(report_event AS VARCHAR) ORDER BY unit_id, period) FILTER (WHERE report_event IS NOT NULL), [])
  FROM reports
  UNION ALL
  SELECT 'indicator_targets_met_rate', count(*) FILTER (WHERE met), count(*),
         coalesce(list(CAST(event_id AS VARCHAR) ORDER BY indicator_id) FILTER (WHERE event_id IS NOT NULL), [])
  FROM indicators
  UNION ALL
  SELECT 'initiatives_recognised', count(*), NULL, coalesce(list(CAST(event_id AS VARCHAR) ORDER BY position), [])
  FROM initiatives
  UNION ALL
  SELECT 'plan_issuance_days_late', greatest(0, datediff('day', cs.plan_issuance_due, cchc_local_date(the_plan.occurred_at))), NULL,
         [CAST(the_plan.event_id AS VARCHAR)]
  FROM the_plan CROSS JOIN cs
),
scored AS (
  SELECT l.ord, l.area_id, l.criterion_id, l.metric, l.max, m.numerator, m.denominator, coalesce(m.event_ids, []) AS event_ids,
         CASE WHEN m.metric IS NULL THEN NULL WHEN m.denominator IS NULL THEN m.numerator
              WHEN m.denominator = 0 THEN NULL ELSE m.numerator / m.denominator END AS measured,
         l.compare
  FROM ci_leaves l LEFT JOIN measures m ON m.metric = l.metric
  WHERE l.cs_key = p_cs AND l.method = 'derived'
)
SELECT s.ord, s.area_id, s.criterion_id, s.metric, s.max, s.numerator, s.denominator, s.measured,
       coalesce(arg_min(t.points, t.step) FILTER (WHERE s.measured IS NOT NULL AND CASE WHEN s.compare = 'atLeast'
         THEN s.measured >= t.bound ELSE s.measured <= t.bound END), 0.0) AS points,
       any_value(s.event_ids) AS event_ids
FROM scored s LEFT JOIN ci_thresholds t ON t.cs_key = p_cs AND t.criterion_id = s.criterion_id
GROUP BY s.ord, s.area_id, s.criterion_id, s.metric, s.max, s.numerator, s.denominator, s.measured
ORDER BY s.ord`;

/**
 * Every leaf of the criteria set for each department's dossier at (p_asof, p_pos) — `p_depts` a
 * comma-separated list of department ids sharing the set and the plan, so the derived criteria are
 * computed once for all: the self score (manual: the department's own; derived: the ledger's;
 * survey: none), the appraised score (the council's where it appraised, else the self score), and
 * the final score (survey leaves: the survey result), with the evidence and the event ids behind each.
 */
export const DEPARTMENT_INDEXES_MACRO = `CREATE OR REPLACE MACRO cchc_department_indexes(p_asof, p_pos, p_rb, p_cs, p_depts, p_plan) AS TABLE
WITH
cs AS (SELECT * FROM ci_criteria_sets WHERE cs_key = p_cs),
depts AS (SELECT DISTINCT unnest(string_split(p_depts, ',')) AS department_id),
entries AS (SELECT x.* FROM rm_index_entries x WHERE ${vis('x')} AND x.department_id IN (SELECT department_id FROM depts)
              AND x.year = (SELECT year FROM cs)),
latest AS (
  SELECT department_id, kind, criterion_id, arg_max(value, position) AS value, arg_max(text, position) AS text,
         arg_max(evidence_files, position) AS evidence_files, list(CAST(event_id AS VARCHAR) ORDER BY position) AS event_ids
  FROM entries WHERE kind IN ('self', 'appraised', 'survey') GROUP BY department_id, kind, criterion_id
),
derived AS (SELECT * FROM cchc_index_derived(p_asof, p_pos, p_rb, p_cs, p_plan))
SELECT dp.department_id, l.ord, l.area_id, l.criterion_id, l.title, l.method, l.max,
       d.measured, d.numerator, d.denominator,
       CASE l.method WHEN 'manual' THEN coalesce(se.value, 0.0) WHEN 'derived' THEN d.points END AS self_value,
       CASE l.method WHEN 'survey' THEN NULL ELSE coalesce(ap.value,
         CASE l.method WHEN 'manual' THEN coalesce(se.value, 0.0) ELSE d.points END) END AS appraised_value,
       CASE l.method WHEN 'survey' THEN coalesce(sv.value, 0.0) ELSE coalesce(ap.value,
         CASE l.method WHEN 'manual' THEN coalesce(se.value, 0.0) ELSE d.points END) END AS final_value,
       CASE l.method WHEN 'manual' THEN se.event_ids IS NOT NULL WHEN 'survey' THEN sv.event_ids IS NOT NULL ELSE true END AS scored,
       se.text AS note, coalesce(se.evidence_files, []) AS evidence_files, ap.text AS appraisal_reason,
       list_concat(coalesce(se.event_ids, []), coalesce(d.event_ids, []), coalesce(ap.event_ids, []), coalesce(sv.event_ids, [])) AS event_ids
FROM depts dp CROSS JOIN ci_leaves l
LEFT JOIN latest se ON se.department_id = dp.department_id AND se.kind = 'self' AND se.criterion_id = l.criterion_id
LEFT JOIN latest ap ON ap.department_id = dp.department_id AND ap.kind = 'appraised' AND ap.criterion_id = l.criterion_id
LEFT JOIN latest sv ON sv.department_id = dp.department_id AND sv.kind = 'survey' AND sv.criterion_id = l.criterion_id
LEFT JOIN derived d ON d.criterion_id = l.criterion_id
WHERE l.cs_key = p_cs
ORDER BY dp.department_id, l.ord`;

/** One department's leaves: cchc_department_indexes for that department alone. */
export const DEPARTMENT_INDEX_MACRO = `CREATE OR REPLACE MACRO cchc_department_index(p_asof, p_pos, p_rb, p_cs, p_dept, p_plan) AS TABLE
SELECT * EXCLUDE (department_id) FROM cchc_department_indexes(p_asof, p_pos, p_rb, p_cs, p_dept, p_plan) ORDER BY ord`;
