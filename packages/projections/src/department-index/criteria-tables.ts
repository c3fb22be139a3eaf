import { type CriteriaSet, criteriaSetKey, type DuckDb, leavesOf, ValidationError } from '@cchc/core';

/** The ci_* tables a criteria set is loaded into: the index macros read them (key `id@version`). */
export const CRITERIA_TABLES: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ci_criteria_sets (cs_key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, version INTEGER NOT NULL,
     json VARCHAR NOT NULL, year INTEGER NOT NULL, precision INTEGER NOT NULL, self_assessment_due DATE NOT NULL,
     plan_issuance_due DATE NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ci_leaves (cs_key VARCHAR NOT NULL, ord INTEGER NOT NULL, area_id VARCHAR NOT NULL,
     criterion_id VARCHAR NOT NULL, title VARCHAR NOT NULL, max DOUBLE NOT NULL, method VARCHAR NOT NULL, metric VARCHAR,
     compare VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ci_thresholds (cs_key VARCHAR NOT NULL, criterion_id VARCHAR NOT NULL, step INTEGER NOT NULL,
     bound DOUBLE NOT NULL, points DOUBLE NOT NULL)`,
];

/**
 * Loads a criteria set into the ci_* tables unless it is there; refuses an id@version already
 * loaded with other content (a set is immutable: the province's revision is a new version).
 */
export async function ensureCriteriaSet(db: DuckDb, set: CriteriaSet): Promise<string> {
  const key = criteriaSetKey(set);
  const json = JSON.stringify(set);
  const stored = await db.value<string>(`SELECT json FROM ci_criteria_sets WHERE cs_key = $1`, [key]);
  if (stored !== undefined) {
    if (stored === json) return key;
    throw new ValidationError({ vi: 'Bộ tiêu chí', en: 'criteria set' }, [
      {
        path: 'version',
        message: `${key} đã được dùng với nội dung khác; hãy tăng "version" khi sửa / already in use with other content; raise "version" when you change it`,
      },
    ]);
  }
  return loadCriteriaSet(db, set);
}

/**
 * Writes a criteria set into the ci_* tables, replacing the rows of its id@version (the shipped
 * sets are loaded so when the read models open, as the rulebooks are).
 */
export async function loadCriteriaSet(db: DuckDb, set: CriteriaSet): Promise<string> {
  const key = criteriaSetKey(set);
  await db.transaction(async () => {
    for (const table of ['ci_criteria_sets', 'ci_leaves', 'ci_thresholds']) {
      await db.run(`DELETE FROM ${table} WHERE cs_key = $1`, [key]);
    }
    await db.run(`INSERT INTO ci_criteria_sets VALUES ($1, $2, $3, $4, $5, $6, $7::DATE, $8::DATE)`, [
      key,
      set.id,
      set.version,
      JSON.stringify(set),
      set.year,
      set.precision,
      set.deadlines.selfAssessment,
      set.deadlines.planIssuance,
    ]);
    for (const [ord, leaf] of leavesOf(set).entries()) {
      const derived = leaf.method === 'derived' ? leaf : undefined;
      await db.run(`INSERT INTO ci_leaves VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        key,
        ord,
        leaf.areaId,
        leaf.id,
        leaf.title,
        leaf.max,
        leaf.method,
        derived?.metric ?? null,
        derived?.thresholds.compare ?? null,
      ]);
      for (const [step, t] of (derived?.thresholds.steps ?? []).entries()) {
        await db.run(`INSERT INTO ci_thresholds VALUES ($1, $2, $3, $4, $5)`, [key, leaf.id, step, t.bound, t.points]);
      }
    }
  });
  return key;
}
