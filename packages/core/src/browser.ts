/**
 * The browser-safe part of @cchc/core (no node: imports), for code bundled into a page: the
 * offline evidence-pack verifier (issue 16) bundles the reference scorer and the pack checks with
 * `@cchc/core` resolved here. Everything here is also exported by the package's index.
 */
export * from './audit/checkpoint-format.ts';
export * from './event-store/canonical-content.ts';
export * from './events/domain/common.ts';
export * from './events/domain/domain-event.ts';
export * from './events/domain/plan-events.ts';
export { upcast } from './events/domain/upcasters.ts';
export * from './events/envelope.ts';
export * from './time/local-time.ts';
