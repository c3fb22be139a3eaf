/** Analyst-facing views over the log; see docs/read-models.md. Filled in below. */
export const READ_MODEL_VIEWS: readonly string[] = [];
