/** Test support of the adapters, re-exported by `@cchc/core/testing`: never used by the product. */
export { EsdbStandIn, type StandInEvent } from './esdb/testing/esdb-stand-in.ts';
