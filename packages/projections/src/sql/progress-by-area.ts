import { ASSIGNMENT_STATUS_CODES } from '../read-models/assignment-statuses.ts';

/** Lead assignments of each plan and area, counted by status (one column per status code), at any instant. */
export const PROGRESS_BY_AREA_MACRO = `CREATE OR REPLACE MACRO cchc_progress_by_area(p_asof, p_pos, p_rb) AS TABLE
   SELECT plan_id, area,
          count(*) AS assignments,
          ${ASSIGNMENT_STATUS_CODES.map((code) => `count(*) FILTER (WHERE status = '${code}') AS ${code},`).join('\n          ')}
          avg(s ORDER BY task_stream, origin_pos) FILTER (WHERE scorable) AS mean_score
   FROM cchc_assignments(p_asof, p_pos, p_rb) WHERE role = 'lead'
   GROUP BY plan_id, area ORDER BY plan_id, list_position(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'], area)`;
