import type { CheckpointKeeper, EvidenceFiles, LedgerStore, TaskDirectory } from '@cchc/core';
import type { ApiKeyStore } from './access/api-keys.ts';
import type { IdempotencyStore } from './http/idempotency.ts';
import type { ApiMetrics } from './plugins/metrics.ts';
import type { ReadModels } from './read-models.ts';

/** What the route plugins are given: the store (writes), the read side, keys, metrics. */
export interface ApiServices {
  readonly store: LedgerStore;
  readonly readModels: ReadModels;
  readonly keys: ApiKeyStore;
  readonly idempotency: IdempotencyStore;
  readonly metrics: ApiMetrics;
  readonly directory: TaskDirectory;
  /** Evidence files, content-addressed under the data directory. */
  readonly evidence: EvidenceFiles;
  /** Signed checkpoints kept in the data directory (with every publication, on a schedule). */
  readonly checkpoints: CheckpointKeeper;
}
