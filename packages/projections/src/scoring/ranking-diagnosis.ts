import type { DuckDb } from '@cchc/core';

/**
 * Why a ranking at (asOf, position) has no rows, or fewer than expected: data for the CLI and the
 * API to phrase (codes, counts, instants), never sentences.
 */
export type RankingFinding =
  /** The log (up to the position) has no plan for the year, or no plan of that id. */
  | { readonly code: 'NO_PLAN'; readonly year: number | null; readonly planId: string | null }
  /**
   * The plan was recorded, but the office knew it only at `knownAt`, after the instant: nothing of
   * it counts yet. The repair when the office had it earlier is `knowledge_claim`: `cchc plan apply
   * <plan.json> --backfill "<why>" --known-at <when the office had it>` writes a KnowledgeClaimed.
   */
  | {
      readonly code: 'PLAN_KNOWN_AFTER_AS_OF';
      readonly planId: string;
      readonly eventId: string;
      readonly occurredAt: string;
      readonly knownAt: string;
      readonly recordedAt: string;
      readonly repair: 'knowledge_claim';
    }
  /** The plan was issued after the instant. */
  | {
      readonly code: 'PLAN_ISSUED_AFTER_AS_OF';
      readonly planId: string;
      readonly eventId: string;
      readonly occurredAt: string;
    }
  /**
   * Events of the plan's streams (its own, its tasks', its units') up to the position that do not
   * count at the instant: known after it (`knownAfter`, the first and last such knowledge time) or
   * occurred after it (`occurredAfter`).
   */
  | {
      readonly code: 'EVENTS_LEFT_OUT';
      readonly planId: string;
      readonly count: number;
      readonly knownAfter: number;
      readonly occurredAfter: number;
      readonly firstKnownAt: string | null;
      readonly lastKnownAt: string | null;
    }
  /** Events of the plan's streams after the position (the read models behind, or an earlier position asked for). */
  | { readonly code: 'EVENTS_AFTER_POSITION'; readonly planId: string; readonly count: number }
  /** The plan counts, but no established unit holds an assignment in it at the instant. */
  | { readonly code: 'NO_UNITS'; readonly planId: string };

export interface RankingDiagnosis {
  readonly asOf: string;
  readonly position: number;
  readonly year: number | null;
  readonly planId: string | null;
  /** The plans asked about (by id, or of the year) that the log holds up to the position. */
  readonly plans: readonly string[];
  /** Empty when nothing is left out. */
  readonly findings: readonly RankingFinding[];
}

type PlanRow = {
  plan_id: string;
  year: number;
  event_id: string;
  occurred_at: Date;
  known_at: Date;
  recorded_at: Date;
};

const iso = (v: unknown) => (v === null || v === undefined ? null : (v as Date).toISOString());

/** Says why a ranking of a plan year (or of one plan) at (asOf, position) has no rows or fewer than expected. */
export async function diagnoseRanking(
  db: DuckDb,
  query: {
    readonly year?: number;
    readonly planId?: string;
    readonly asOf: string;
    readonly position: number;
    /** The caller knows the plan's population is not empty (its ranking has rows): not counted. */
    readonly populated?: boolean;
  },
): Promise<RankingDiagnosis> {
  const asOf = new Date(query.asOf).toISOString();
  const { position } = query;
  const plans = await db.rows<PlanRow>(
    `SELECT p.plan_id, p.year, p.event_id::VARCHAR AS event_id, p.occurred_at, p.recorded_at,
            least(p.known_at, c.claimed_at) AS known_at
     FROM rm_plans p LEFT JOIN cchc_claims($1::TIMESTAMPTZ, $2::BIGINT) c ON c.event_id = p.event_id
     WHERE p.position <= $2::BIGINT AND ($3::VARCHAR IS NULL OR p.plan_id = $3) AND ($4::INTEGER IS NULL OR p.year = $4)
     QUALIFY row_number() OVER (PARTITION BY p.plan_id ORDER BY p.position) = 1
     ORDER BY p.plan_id`,
    [asOf, position, query.planId ?? null, query.year ?? null],
  );
  const findings: RankingFinding[] = [];
  if (plans.length === 0) findings.push({ code: 'NO_PLAN', year: query.year ?? null, planId: query.planId ?? null });
  for (const plan of plans) {
    if (plan.occurred_at.getTime() > Date.parse(asOf)) {
      findings.push({
        code: 'PLAN_ISSUED_AFTER_AS_OF',
        planId: plan.plan_id,
        eventId: plan.event_id,
        occurredAt: plan.occurred_at.toISOString(),
      });
    } else if (plan.known_at.getTime() > Date.parse(asOf)) {
      findings.push({
        code: 'PLAN_KNOWN_AFTER_AS_OF',
        planId: plan.plan_id,
        eventId: plan.event_id,
        occurredAt: plan.occurred_at.toISOString(),
        knownAt: plan.known_at.toISOString(),
        recordedAt: plan.recorded_at.toISOString(),
        repair: 'knowledge_claim',
      });
    }
    findings.push(...(await eventsOfPlan(db, plan, asOf, position, query.populated === true)));
  }
  return {
    asOf,
    position,
    year: query.year ?? null,
    planId: query.planId ?? null,
    plans: plans.map((p) => p.plan_id),
    findings,
  };
}

async function eventsOfPlan(
  db: DuckDb,
  plan: PlanRow,
  asOf: string,
  position: number,
  populated: boolean,
): Promise<RankingFinding[]> {
  // The population is only asked whether it is empty (NO_UNITS); a third of this query on 1M events.
  const population = populated
    ? '1'
    : '(SELECT count(*) FROM cchc_population($1::TIMESTAMPTZ, $2::BIGINT, p_plan := $3))';
  const [counts] = await db.rows<Record<string, unknown>>(
    `WITH tasks AS (SELECT DISTINCT task_stream FROM rm_tasks WHERE plan_id = $3 OR (plan_id IS NULL AND year = $4)),
     units AS (
       SELECT unit_id FROM rm_task_units WHERE task_stream IN (SELECT task_stream FROM tasks)
       UNION SELECT to_unit FROM rm_task_reassignments WHERE task_stream IN (SELECT task_stream FROM tasks)
     ),
     streams AS (
       SELECT plan_stream AS s FROM rm_plans WHERE plan_id = $3
       UNION SELECT task_stream FROM tasks UNION SELECT 'unit-' || unit_id FROM units
     ),
     plan_events AS (
       SELECT e.global_position, e.occurred_at, least(coalesce(e.known_at, e.recorded_at), c.claimed_at) AS known_at
       FROM events e LEFT JOIN cchc_claims($1::TIMESTAMPTZ, $2::BIGINT) c ON c.event_id = e.event_id
       WHERE e.stream_id IN (SELECT s FROM streams)
     )
     SELECT count(*) FILTER (WHERE global_position <= $2::BIGINT AND (known_at > $1::TIMESTAMPTZ OR occurred_at > $1::TIMESTAMPTZ)) AS left_out,
            count(*) FILTER (WHERE global_position <= $2::BIGINT AND known_at > $1::TIMESTAMPTZ AND occurred_at <= $1::TIMESTAMPTZ) AS known_after,
            count(*) FILTER (WHERE global_position <= $2::BIGINT AND occurred_at > $1::TIMESTAMPTZ) AS occurred_after,
            min(known_at) FILTER (WHERE global_position <= $2::BIGINT AND known_at > $1::TIMESTAMPTZ AND occurred_at <= $1::TIMESTAMPTZ) AS first_known,
            max(known_at) FILTER (WHERE global_position <= $2::BIGINT AND known_at > $1::TIMESTAMPTZ AND occurred_at <= $1::TIMESTAMPTZ) AS last_known,
            count(*) FILTER (WHERE global_position > $2::BIGINT) AS after_position,
            ${population} AS population
     FROM plan_events`,
    [asOf, position, plan.plan_id, plan.year],
  );
  const n = (key: string) => Number(counts?.[key] ?? 0);
  const out: RankingFinding[] = [];
  if (n('left_out') > 0) {
    out.push({
      code: 'EVENTS_LEFT_OUT',
      planId: plan.plan_id,
      count: n('left_out'),
      knownAfter: n('known_after'),
      occurredAfter: n('occurred_after'),
      firstKnownAt: iso(counts?.first_known),
      lastKnownAt: iso(counts?.last_known),
    });
  }
  if (n('after_position') > 0)
    out.push({ code: 'EVENTS_AFTER_POSITION', planId: plan.plan_id, count: n('after_position') });
  if (
    n('population') === 0 &&
    plan.known_at.getTime() <= Date.parse(asOf) &&
    plan.occurred_at.getTime() <= Date.parse(asOf)
  )
    out.push({ code: 'NO_UNITS', planId: plan.plan_id });
  return out;
}
