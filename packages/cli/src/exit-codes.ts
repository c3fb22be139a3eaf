import { CchcError } from '@cchc/core';

/** Process exit codes, stable for scripts. Documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  chainBroken: 3,
  ruleViolation: 4,
  conflict: 5,
  storeUnavailable: 6,
  rankingMismatch: 7,
  /** The store's file is damaged: restore a backup (docs/operations.md). */
  storeDamaged: 8,
  /** What was asked about does not exist (a unit, a key, a ranking no plan answers). */
  notFound: 9,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof CchcError)) return EXIT.unexpected;
  switch (error.code) {
    case 'VALIDATION_FAILED':
    case 'BACKUP_INVALID':
    case 'KEY_FILE_INVALID':
    case 'RULEBOOK_YEAR_NOT_COVERED':
      return EXIT.invalidInput;
    case 'RULE_VIOLATION':
      return EXIT.ruleViolation;
    case 'CONCURRENCY_CONFLICT':
    case 'EVENT_ID_REUSED':
      return EXIT.conflict;
    case 'READ_MODELS_BEHIND':
      return EXIT.storeUnavailable;
    case 'STORE_DAMAGED':
      return EXIT.storeDamaged;
    case 'STORE_FAILED':
    case 'STORE_WRITE_FAILED':
    case 'STORE_LOCKED':
    case 'STORE_READ_ONLY':
    case 'STORE_CLOSED':
    case 'STORE_MISSING':
    case 'STORE_CAPABILITY_MISSING':
      return EXIT.storeUnavailable;
    case 'NOT_FOUND':
      return EXIT.notFound;
    default:
      return EXIT.unexpected;
  }
}
