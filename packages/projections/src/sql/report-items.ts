import { vis } from './fragments.ts';

/** Per unit of each plan: report items due by the instant (one row per unit and period). */
export const reportItemsBody = (population: string) => `
WITH RECURSIVE
rb AS (SELECT * FROM rb_rulebooks WHERE rb_key = p_rb),
population AS (SELECT * FROM ${population}),
changes AS (SELECT * FROM rm_unit_changes c WHERE ${vis('c')} AND change IN ('merged', 'split') AND successor_id IS NOT NULL),
-- R-REORGANISATION: a successor inherits the reports of the units merged or split into it, through chains.
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
-- Materialised so that the optimiser cannot join reports to due items on (year, period) alone
-- before narrowing them to the unit: that order multiplies rows by the number of units.
-- R-REPORT-RECEIPT: a report is dated by the office's receipt date when it gave one, else by the
-- local day of its knowledge time (its own, or the earliest knowledge claim that counts); it counts
-- once that day has come.
member_reports AS MATERIALIZED (
  SELECT m.plan_id, m.unit_id, r.year, r.period, r.event_id, r.unit_id AS submitted_by, r.position, r.received_on, r.incoming_ref,
         coalesce(r.received_on, cchc_local_date(least(r.known_at, c.claimed_at))) AS dated_on, least(r.known_at, c.claimed_at) AS known_at
  FROM members m JOIN rm_reports r ON r.unit_id = m.member
  LEFT JOIN cchc_claims(p_asof, p_pos) c ON c.event_id = r.event_id
  WHERE ${vis('r')} AND coalesce(r.received_on, cchc_local_date(p_asof)) <= cchc_local_date(p_asof)
),
-- The earliest submission (by its date, then its knowledge time, then its position).
submissions AS (
  SELECT i.plan_id, i.unit_id, i.period,
         min({'dated_on': mr.dated_on, 'known_at': mr.known_at, 'position': mr.position, 'event_id': mr.event_id,
              'submitted_by': mr.submitted_by, 'received_on': mr.received_on, 'incoming_ref': mr.incoming_ref}) AS s
  FROM due_items i JOIN member_reports mr
    ON mr.plan_id = i.plan_id AND mr.unit_id = i.unit_id AND mr.year = i.year AND mr.period = i.period
  GROUP BY ALL
),
bounds AS (SELECT min(year) AS y0, max(year) AS y1 FROM population),
calendar AS (
  SELECT d, sum(CAST(working AS INTEGER)) OVER (ORDER BY d) AS wd_index FROM (
    SELECT CAST(range AS DATE) AS d,
           (isodow(CAST(range AS DATE)) <= 5 AND CAST(range AS DATE) NOT IN (SELECT day FROM rb_holidays WHERE rb_key = p_rb))
           OR CAST(range AS DATE) IN (SELECT day FROM rb_working_days WHERE rb_key = p_rb) AS working
    FROM bounds, range(CAST(make_date(coalesce(y0, 2000), 1, 1) AS TIMESTAMP), CAST(make_date(coalesce(y1, 2000) + 2, 1, 1) AS TIMESTAMP), INTERVAL 1 DAY)
  )
),
items AS (
  SELECT i.*, s.s.known_at AS submitted_at, s.s.event_id AS report_event, s.s.submitted_by AS submitted_by,
         s.s.dated_on AS submitted_on, s.s.received_on AS received_on, s.s.incoming_ref AS incoming_ref
  FROM due_items i LEFT JOIN submissions s USING (plan_id, unit_id, period)
)
SELECT i.plan_id, i.year, i.unit_id, i.period, i.due, i.submitted_at, i.submitted_on,
  CASE WHEN i.received_on IS NOT NULL THEN 'received_on' WHEN i.submitted_at IS NOT NULL THEN 'known_at' END AS dated_by,
  i.received_on, i.incoming_ref, i.submitted_by, i.report_event,
  CASE WHEN i.submitted_on > i.due THEN cs.wd_index - cd.wd_index ELSE 0 END AS working_days_late,
  i.submitted_at IS NULL AS missing,
  -- R-REPORT-TIMELINESS: dated by its due date: 1; late: the penalty per started block of working days late; missing: 0.
  CASE WHEN i.submitted_at IS NULL THEN 0.0
       WHEN i.submitted_on <= i.due THEN 1.0
       ELSE greatest(0, 1 - rb.report_late_penalty * ceil((cs.wd_index - cd.wd_index) / rb.report_block_wd)) END AS value
FROM items i CROSS JOIN rb
LEFT JOIN calendar cd ON cd.d = i.due
LEFT JOIN calendar cs ON cs.d = i.submitted_on`;
export const REPORT_ITEMS_MACRO = `CREATE OR REPLACE MACRO cchc_report_items(p_asof, p_pos, p_rb, p_plan := NULL) AS TABLE
${reportItemsBody('cchc_population(p_asof, p_pos, p_plan := p_plan)')}`;
