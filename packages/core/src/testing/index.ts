/** Test support: not part of the library's API, and never imported by library code. */
export { deciderSpecification } from './decider-specification.ts';
export * from './seed-fixture.ts';
