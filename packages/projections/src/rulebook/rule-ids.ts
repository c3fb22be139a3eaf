/**
 * Every rule of the rulebook has one id. Each id appears in the rulebook JSON (`rules`, with the
 * parameters it reads), in a comment at the SQL that implements it, in the reference scorer, in
 * docs/scoring.md and in the name of the worked example that covers it; rule-ids.unit.spec.ts
 * fails when one of those places lacks an id or names an unknown one.
 */
export const RULE_IDS = [
  'R-AS-KNOWN',
  'R-CUTOFF',
  'R-POPULATION',
  'R-LEAD-ONLY',
  'R-SCORABLE',
  'R-CONDITIONAL',
  'R-CANCELLED',
  'R-DUE-IN-FORCE',
  'R-COMPLETION',
  'R-QUALITY',
  'R-TIMELINESS',
  'R-ONGOING',
  'R-AREA-WEIGHTS',
  'R-COMPONENTS',
  'R-REPORT-TIMELINESS',
  'R-REPORT-RECEIPT',
  'R-REPORT-MISSING',
  'R-BONUS-CAP',
  'R-CRITICISM',
  'R-SCORE-FLOOR',
  'R-BANDS',
  'R-SANCTION-CAP',
  'R-RANK-TIES',
  'R-REORGANISATION',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
