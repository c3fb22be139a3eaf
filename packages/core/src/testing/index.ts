/** Test support: not part of the library's API, and never imported by library code. */
export { capabilitiesContract } from '../event-store/capabilities-contract.ts';
export { eventStoreContract } from '../event-store/event-store-contract.ts';
export { EsdbStandIn, profileDuckDbStoreSteps, walkDuckDbChain } from '../event-store/testing.ts';
export { commandSpecification } from './command-specification.ts';
export { deciderSpecification } from './decider-specification.ts';
export { openInMemoryStore } from './in-memory-ledger.ts';
export * from './seed-fixture.ts';
