/**
 * What the caller believes about a stream before appending:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the stream's last revision must be exactly that (0-based).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Revision of a stream that does not exist. */
export const NO_STREAM_REVISION = -1;

export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === NO_STREAM_REVISION;
  if (expected === 'stream_exists') return actual > NO_STREAM_REVISION;
  return expected === actual;
}

/** The expected revision that says "the stream is still at `revision`" (-1: it does not exist yet). */
export function expectedRevisionAt(revision: number): ExpectedRevision {
  return revision < 0 ? 'no_stream' : revision;
}
