/** What `verify` reports, whatever keeps the chain (the embedded store, a replica). */
export type ChainFailureReason =
  | 'foreign_position'
  | 'hash_mismatch'
  | 'broken_link'
  | 'missing_position'
  | 'duplicate_position'
  | 'derived_column_mismatch'
  | 'revision_gap';

export interface ChainFailure {
  /** The first global position at which the log is not what was hashed. */
  readonly position: number;
  readonly reason: ChainFailureReason;
  readonly vi: string;
  readonly en: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Events whose hash was recomputed and matched. */
  readonly checked: number;
  readonly headPosition: number;
  readonly headHash: string;
  readonly failure?: ChainFailure;
}

export type VerifyProgress = (checked: number, total: number) => void;

/** A chain's head: record it elsewhere (a published ranking does) to anchor the chain. */
export interface ChainAnchor {
  readonly position: number;
  readonly hash: string;
}
