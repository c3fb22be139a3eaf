/**
 * Rulebooks as rows, keyed `<id>@<version>`; filled by rulebook/rulebook-tables.ts. Fields added
 * to the rulebook later (rankPrecision) are read from `json`, so stored tables need no migration.
 */
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
  // Weekend days that are working days (làm bù) in the rulebook's calendars.
  `CREATE TABLE IF NOT EXISTS rb_working_days (rb_key VARCHAR NOT NULL, day DATE NOT NULL)`,
];
