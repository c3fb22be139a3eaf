import { assignmentsBody } from './assignments.ts';
import { CHAINS_BODY } from './chains.ts';
import { vis } from './fragments.ts';
import { populationBody } from './population.ts';
import { reportItemsBody } from './report-items.ts';

/**
 * One row per ranked unit: components, bonus, deductions, score (unrounded), the score at the
 * rulebook's rank precision (`score_rounded`), band, rank.
 */
export const RANKING_MACRO = `
CREATE OR REPLACE MACRO cchc_ranking(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
WITH
rb AS (
  SELECT *, coalesce(TRY_CAST(json_extract_string(json, '$.rankPrecision') AS INTEGER), 2) AS rank_precision
  FROM rb_rulebooks WHERE rb_key = p_rb
),
-- Who holds what is computed once and shared by the population, the assignments and the reports.
chains_once AS MATERIALIZED (${CHAINS_BODY}),
population AS MATERIALIZED (${populationBody('chains_once')}),
assignments AS MATERIALIZED (${assignmentsBody('chains_once', { labels: false })}),
report_items AS (${reportItemsBody('population')}),
-- R-AREA-WEIGHTS: an area's value is the mean s of the unit's scorable assignments in it; areas without one
-- are dropped and the remaining weights rescaled.
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
-- R-BONUS-CAP, R-CRITICISM, R-SANCTION-CAP: recognitions of the unit itself that occurred in the plan year.
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
    -- R-BONUS-CAP: initiatives' bonuses, capped. R-CRITICISM: a deduction each. R-REPORT-MISSING: a deduction per missing report.
    least(rb.bonus_cap, g.bonus_raw) AS bonus, g.criticisms * rb.criticism_deduction AS criticism_deduction,
    coalesce(r.reports_missing, 0) * rb.missing_deduction AS missing_deduction, g.sanctions,
    coalesce(o.overdue, 0) AS overdue_assignments,
    -- R-COMPONENTS: tasks and reports weighted; a component with nothing scorable is dropped; with neither, no score.
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
-- R-SCORE-FLOOR: the score never goes below 0.
scored AS (
  SELECT u.*, CASE WHEN u.base IS NULL THEN NULL ELSE greatest(0, u.base + u.bonus - u.criticism_deduction - u.missing_deduction) END AS score
  FROM units u
),
final AS (SELECT s.*, round(s.score, rb.rank_precision) AS score_rounded FROM scored s CROSS JOIN rb),
-- R-BANDS: the first band whose threshold the score at the rank precision reaches, Xuất sắc only without an overdue lead assignment.
banded AS (
  SELECT f.plan_id, f.unit_id, arg_min(b.name, b.ord) AS band
  FROM final f JOIN rb_bands b ON b.rb_key = p_rb
    AND (b.min_score IS NULL OR f.score_rounded >= b.min_score)
    AND (NOT b.requires_no_overdue OR f.overdue_assignments = 0)
  WHERE f.score IS NOT NULL
  GROUP BY ALL
)
-- R-SANCTION-CAP: a sanction of the rulebook's kinds puts the unit in the sanction band.
-- R-RANK-TIES: ranks by score descending; scores equal at the rank precision share a rank (1, 2, 2, 4).
SELECT f.*,
  CASE WHEN f.score IS NULL THEN NULL WHEN f.sanctions > 0 THEN rb.sanction_band ELSE b.band END AS band,
  CASE WHEN f.score IS NULL THEN NULL ELSE rank() OVER (PARTITION BY f.plan_id ORDER BY f.score_rounded DESC NULLS LAST) END AS rank
FROM final f CROSS JOIN rb LEFT JOIN banded b USING (plan_id, unit_id)`;
