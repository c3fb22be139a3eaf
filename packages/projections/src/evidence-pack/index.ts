/**
 * The evidence pack's shapes and its verifier (issue 16), browser-safe: the package subpath
 * `@cchc/projections/evidence-pack`, which verifier.html bundles.
 */

export type { Rulebook } from '../rulebook/rulebook.ts';
export * from './pack-checks.ts';
export * from './pack-crypto.ts';
export * from './pack-format.ts';
export * from './verify-pack.ts';
export * from './verify-score.ts';
