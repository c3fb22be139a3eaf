import type { DomainEventType } from '@cchc/core';

/**
 * R-AS-KNOWN: a row counts at (p_asof, p_pos) when its position ≤ p_pos, it occurred by p_asof
 * and the office knew it by p_asof: its own knowledge time (a backfill's knownAt claim, else when
 * it was recorded) or a knowledge claim that counts and says the office knew it by then (the
 * earliest such claim is its knowledge time: cchc_claims). Claims are rare: the common path is the
 * own-time test, the claims a semi-join beside it.
 * `vis` is for fact tables (`position`, `known_at`), `knownEvents` for the log; both take other
 * names for the instant and the position (bound parameters, outside a macro).
 */
export const vis = (alias: string, asof = 'p_asof', pos = 'p_pos') =>
  `${alias}.position <= ${pos} AND ${alias}.occurred_at <= ${asof} AND (${alias}.known_at <= ${asof} OR ${alias}.event_id IN ${claimedBy(asof, pos)})`;

/** The ids of the events a claim that counts at (asof, pos) says were known by asof. */
const claimedBy = (asof: string, pos: string) =>
  `(SELECT k.claimed_event_id FROM rm_knowledge_claims k WHERE k.position <= ${pos} AND k.occurred_at <= ${asof}
     AND k.known_at <= ${asof} AND k.claimed_known_at <= ${asof})`;

/**
 * R-AS-KNOWN for the log: the events that count at (asof, pos), as a table expression for a FROM
 * clause: those known by their own time, and beside them those known only by a claim, found in
 * the copy of the claimed events (rm_claimed_events), never by a second scan of the log. The
 * common branch is exactly the plain scan, so its other filters (a plan's streams) still reach it.
 * `known_at` is the event's own knowledge time (a backfill's claim, else recorded_at).
 */
export const knownEvents = (asof = 'p_asof', pos = 'p_pos') => `(
    SELECT global_position, event_id, stream_id, type, task_id, unit_id, hash, occurred_at, recorded_at,
           coalesce(known_at, recorded_at) AS known_at FROM events
    WHERE global_position <= ${pos} AND occurred_at <= ${asof} AND coalesce(known_at, recorded_at) <= ${asof}
    UNION ALL
    SELECT position, event_id, stream_id, type, task_id, unit_id, hash, occurred_at, recorded_at, known_at FROM rm_claimed_events c
    WHERE c.position <= ${pos} AND c.occurred_at <= ${asof} AND c.known_at > ${asof}
      AND c.event_id IN ${claimedBy(asof, pos)})`;

/**
 * R-AS-KNOWN: the knowledge claims that count at (p_asof, p_pos) (a KnowledgeClaimed counts by its
 * own position, occurredAt and knowledge time; claims about claims are not followed), one row per
 * event they list: the earliest claimed knowledge time and the claim that gives it.
 */
export const CLAIMS_MACRO = `CREATE OR REPLACE MACRO cchc_claims(p_asof, p_pos) AS TABLE
  SELECT claimed_event_id AS event_id, min(claimed_known_at) AS claimed_at,
         arg_min(event_id, (claimed_known_at, position)) AS claim_event
  FROM rm_knowledge_claims k
  WHERE k.position <= p_pos AND k.occurred_at <= p_asof AND k.known_at <= p_asof
  GROUP BY claimed_event_id`;

/**
 * A cheap prefilter on a task row for one plan: rows of another explicit plan cannot belong to it.
 * It lets the scan skip most rows before the exact (join-dependent) plan test below it.
 */
export const mayBelongToPlan = (alias: string) =>
  `(p_plan IS NULL OR ${alias}.plan_id IS NULL OR ${alias}.plan_id = p_plan)`;

/** The task activity a unit records on its assignment: read straight from the log (its typed columns), never copied into a fact table. */
export const TASK_ACTIVITY = [
  'TaskStarted',
  'ProgressReported',
  'ProductSubmitted',
  'ProductReturned',
  'TaskCompleted',
  'TaskReopened',
  'DelayExcused',
] as const satisfies readonly DomainEventType[];
export type TaskActivity = (typeof TASK_ACTIVITY)[number];
export const ACTIVITY_TYPES = `(${TASK_ACTIVITY.map((t) => `'${t}'`).join(', ')})`;
