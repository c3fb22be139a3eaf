import { CRITERIA_TABLES } from '../department-index/criteria-tables.ts';
import {
  DEPARTMENT_INDEX_MACRO,
  DEPARTMENT_INDEXES_MACRO,
  INDEX_DERIVED_MACRO,
} from '../department-index/index-sql.ts';
import { ASSIGNMENT_EVIDENCE_MACRO } from './assignment-evidence.ts';
import { ASSIGNMENTS_MACRO } from './assignments.ts';
import { BACK_DATED_MACRO } from './back-dated.ts';
import { CHAINS_MACRO } from './chains.ts';
import { CLAIMS_MACRO } from './fragments.ts';
import { INDICATORS_MACRO } from './indicators.ts';
import { PLAN_AMENDMENTS_MACRO, TASK_TEXTS_MACRO } from './plan-amendments.ts';
import { PLAN_TASKS_MACRO } from './plan-tasks.ts';
import { POPULATION_MACRO } from './population.ts';
import { PROGRESS_BY_AREA_MACRO } from './progress-by-area.ts';
import { RANKING_MACRO } from './ranking.ts';
import { REPORT_ITEMS_MACRO } from './report-items.ts';
import { RULEBOOK_TABLES } from './rulebook-rows.ts';
import { SCALAR_MACROS } from './scalar-macros.ts';

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
 * recomputes to the same bits whatever the thread schedule. Dates are local to Asia/Ho_Chi_Minh
 * whatever the session's time zone.
 *
 * A macro is installed after every macro it calls; the read-model views (read-models/views.ts) come after all of them.
 */
export const SQL_IN_INSTALL_ORDER: readonly string[] = [
  ...RULEBOOK_TABLES,
  ...CRITERIA_TABLES,
  ...SCALAR_MACROS,
  CLAIMS_MACRO,
  PLAN_TASKS_MACRO,
  PLAN_AMENDMENTS_MACRO,
  TASK_TEXTS_MACRO,
  CHAINS_MACRO,
  POPULATION_MACRO,
  ASSIGNMENTS_MACRO,
  ASSIGNMENT_EVIDENCE_MACRO,
  REPORT_ITEMS_MACRO,
  RANKING_MACRO,
  PROGRESS_BY_AREA_MACRO,
  INDICATORS_MACRO,
  BACK_DATED_MACRO,
  INDEX_DERIVED_MACRO,
  DEPARTMENT_INDEXES_MACRO,
  DEPARTMENT_INDEX_MACRO,
];
