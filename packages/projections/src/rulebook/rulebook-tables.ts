import type { DuckDb } from '@cchc/core';
import { type Rulebook, rulebookCalendar } from './rulebook.ts';

export function rulebookKey(rulebook: Pick<Rulebook, 'id' | 'version'>): string {
  return `${rulebook.id}@${rulebook.version}`;
}

/**
 * Writes a rulebook into the rb_* tables the scoring macros read (replacing the rows of the same
 * id and version). A version is immutable by convention: a changed rulebook gets a new version.
 */
export async function loadRulebook(db: DuckDb, rulebook: Rulebook): Promise<string> {
  const key = rulebookKey(rulebook);
  await db.transaction(async () => {
    for (const table of [
      'rb_rulebooks',
      'rb_area_weights',
      'rb_bands',
      'rb_sanction_kinds',
      'rb_holidays',
      'rb_working_days',
    ]) {
      await db.run(`DELETE FROM ${table} WHERE rb_key = $1`, [key]);
    }
    await db.run(
      `INSERT INTO rb_rulebooks VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        key,
        rulebook.id,
        rulebook.version,
        JSON.stringify(rulebook),
        rulebook.components.tasks,
        rulebook.components.reports,
        rulebook.assignment.returnPenalty,
        rulebook.assignment.latePenaltyPerBlock,
        rulebook.assignment.lateBlockDays,
        rulebook.reports.latePenaltyPerBlock,
        rulebook.reports.lateBlockWorkingDays,
        rulebook.reports.missingDeduction,
        rulebook.bonus.department,
        rulebook.bonus.province,
        rulebook.bonus.cap,
        rulebook.deductions.criticism,
        rulebook.sanction.band,
        rulebook.cutoff.month,
        rulebook.cutoff.day,
      ],
    );
    for (const [area, weight] of Object.entries(rulebook.areaWeights)) {
      await db.run(`INSERT INTO rb_area_weights VALUES ($1, $2, $3)`, [key, area, weight]);
    }
    for (const [ord, band] of rulebook.bands.entries()) {
      await db.run(`INSERT INTO rb_bands VALUES ($1, $2, $3, $4, $5)`, [
        key,
        ord,
        band.name,
        band.min,
        band.requiresNoOverdue ?? false,
      ]);
    }
    for (const kind of rulebook.sanction.kinds)
      await db.run(`INSERT INTO rb_sanction_kinds VALUES ($1, $2)`, [key, kind]);
    const calendar = rulebookCalendar(rulebook);
    for (const day of calendar.holidays) await db.run(`INSERT INTO rb_holidays VALUES ($1, $2::DATE)`, [key, day]);
    for (const day of calendar.workingDays)
      await db.run(`INSERT INTO rb_working_days VALUES ($1, $2::DATE)`, [key, day]);
  });
  return key;
}
