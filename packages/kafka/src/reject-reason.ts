/**
 * Why a message went to the dead-letter topic (header `cchc-dlq-reason`). Stable codes: consumers
 * of the dead-letter topic may branch on them.
 */
export const REJECT_REASONS = {
  'not-json': 'the value is empty or not JSON',
  'schema-invalid':
    'the envelope or the command does not match its schema, or the command type is not accepted from Kafka',
  'unknown-task': 'the task is not defined in the plan of that year (or no plan was issued for that year)',
  'unknown-unit': 'a unit the command names does not exist',
  'rule-violation': 'a plan rule refused the command (the message names the rule)',
  'internal-error': 'deciding the command failed unexpectedly (a bug: the message has the error)',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;
