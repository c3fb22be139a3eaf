/** Test support of the adapters, re-exported by `@cchc/core/testing`: never used by the product. */

/** The embedded store's steps timed one by one: `bench/store-profile.ts`. */
export { profileDuckDbStoreSteps } from './duckdb/testing/profile-store-steps.ts';
/** The row-by-row chain walk the set-based verify replaced: the audit benchmark's same-run reference. */
export { walkDuckDbChain } from './duckdb/verify-chain.ts';
export { EsdbStandIn, type StandInEvent } from './esdb/testing/esdb-stand-in.ts';
