export * from './application/command-context.ts';
export * from './application/command-handlers.ts';
export * from './application/decision-engine.ts';
export * from './application/entry-dates.ts';
export * from './application/entry-kind.ts';
export * from './application/handle-command.ts';
export * from './application/knowledge-claims.ts';
export * from './application/ledger-command.ts';
export * from './application/new-events.ts';
export * from './application/plan-amendment-diff.ts';
export * from './application/plan-apply.ts';
export * from './application/reorganise-units.ts';
export * from './application/stream-ids.ts';
export * from './application/task-directory.ts';
export * from './commands/evidence-commands.ts';
export * from './commands/plan-commands.ts';
export * from './commands/task-commands.ts';
export * from './commands/unit-commands.ts';
export * from './deciders/decider.ts';
export * from './deciders/evidence-decider.ts';
export { omitUndefined } from './deciders/omit-undefined.ts';
export * from './deciders/plan-decider.ts';
export * from './deciders/rule-violation.ts';
export * from './deciders/task-decider.ts';
export * from './deciders/unit-decider.ts';
export * from './duckdb/duckdb-client.ts';
export * from './errors/cchc-error.ts';
export * from './errors/store-errors.ts';
export * from './errors/zod-issues.ts';
export { DuckDbEventStore, type DuckDbEventStoreOptions } from './event-store/duckdb/duckdb-event-store.ts';
export { DuckDbTaskDirectory } from './event-store/duckdb/duckdb-task-directory.ts';
export type {
  ChainFailure,
  ChainFailureReason,
  ChainVerification,
  VerifyProgress,
} from './event-store/duckdb/verify-chain.ts';
export * from './event-store/event-store.ts';
export * from './event-store/expected-revision.ts';
export * from './event-store/hash-chain.ts';
export * from './events/domain/common.ts';
export * from './events/domain/domain-event.ts';
export * from './events/domain/evidence-events.ts';
export * from './events/domain/plan-events.ts';
export * from './events/domain/task-events.ts';
export * from './events/domain/unit-events.ts';
export { upcast } from './events/domain/upcasters.ts';
export * from './events/envelope.ts';
export * from './evidence/add-evidence.ts';
export * from './evidence/evidence-files.ts';
export * from './evidence/evidence-mark.ts';
export * from './evidence/evidence-records.ts';
export * from './evidence/evidence-types.ts';
export * from './plan/index.ts';
export * from './time/local-time.ts';
