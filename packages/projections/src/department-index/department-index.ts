import { hash } from 'node:crypto';
import {
  CchcError,
  type CriteriaSet,
  type CriteriaSetRef,
  criteriaSetKey,
  criteriaSetOf,
  type DuckDb,
  EXAMPLE_CRITERIA_SET,
  type IndexCommand,
  indexStreamId,
} from '@cchc/core';
import type { Rulebook } from '../rulebook/rulebook.ts';
import { rulebookKey } from '../rulebook/rulebook-tables.ts';
import {
  ensureRulebook,
  inputsHash as planInputsHash,
  projectedPosition,
  ReadModelsBehindError,
  rulebookForPlan,
} from '../scoring/ranking-service.ts';
import { knownEvents } from '../sql/fragments.ts';
import { ensureCriteriaSet } from './criteria-tables.ts';
import { type DossierStatus, dossierStatus } from './dossier-status.ts';

export interface IndexLeaf {
  readonly areaId: string;
  readonly criterionId: string;
  readonly title: string;
  readonly method: 'manual' | 'derived' | 'survey';
  readonly max: number;
  /** Derived leaves: the measured value (a rate, a count, days late), its parts. */
  readonly measured: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly self: number | null;
  readonly appraised: number | null;
  readonly final: number;
  /** Manual: self-scored; survey: its result entered; derived: always (computed from the ledger). */
  readonly scored: boolean;
  readonly note: string | null;
  readonly evidenceFiles: readonly string[];
  readonly appraisalReason: string | null;
  readonly eventIds: readonly string[];
}

export interface IndexTotals {
  /** Tự đánh giá: manual and derived leaves (no survey). */
  readonly self: number;
  /** Thẩm định: the same leaves, as appraised. */
  readonly appraised: number;
  /** Chỉ số: appraised plus the survey. */
  readonly final: number;
}

export interface DepartmentIndex extends IndexTotals {
  readonly departmentId: string;
  readonly year: number;
  readonly planId: string;
  readonly criteriaSet: CriteriaSetRef & { readonly example: boolean; readonly title: string };
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly asOf: string;
  readonly position: number;
  readonly inputsHash: string;
  readonly precision: number;
  /** `final` rounded at the published precision, and its band. */
  readonly published: { readonly final: number; readonly band: string };
  readonly areas: readonly (IndexTotals & { readonly areaId: string; readonly title: string; readonly max: number })[];
  readonly leaves: readonly IndexLeaf[];
  readonly status: DossierStatus;
}

/** The PublishIndex command that records this index as computed (the decider checks the rest). */
export function publishIndexCommand(
  index: DepartmentIndex,
  at: string,
): Extract<IndexCommand, { type: 'PublishIndex' }> {
  return {
    type: 'PublishIndex',
    departmentId: index.departmentId,
    year: index.year,
    asOf: index.asOf,
    atPosition: index.position,
    inputsHash: index.inputsHash,
    self: index.self,
    appraised: index.appraised,
    final: index.published.final,
    band: index.published.band,
    at,
  };
}

export interface DepartmentIndexQuery {
  readonly departmentId: string;
  readonly year: number;
  /** Default: the set the dossier was scored under, else the example set. */
  readonly criteriaSet?: CriteriaSet;
  /** The department's plan; default: the only plan of the year in the ledger. */
  readonly planId?: string;
  readonly asOf?: string;
  readonly position?: number;
  readonly rulebook?: Rulebook;
}

export class IndexNotFoundError extends CchcError {
  readonly code = 'NOT_FOUND';
  constructor(vi: string, en: string) {
    super(vi, en);
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const round = (v: number, precision: number) => Number(v.toFixed(precision));

/** The band of a score rounded at the set's precision. */
export function bandOf(set: CriteriaSet, rounded: number): string {
  return set.bands.find((b) => b.min === null || rounded >= b.min)!.name;
}

/** The criteria set a dossier was scored under (its first self-score), if any. */
async function dossierSet(db: DuckDb, departmentId: string, year: number, position: number): Promise<CriteriaSet> {
  const row = (
    await db.rows<{ id: string; version: number }>(
      `SELECT criteria_set_id AS id, criteria_set_version AS version FROM rm_index_entries
       WHERE department_id = $1 AND year = $2 AND kind = 'self' AND position <= $3::BIGINT ORDER BY position LIMIT 1`,
      [departmentId, year, position],
    )
  )[0];
  const ref = row ? { id: row.id, version: Number(row.version) } : EXAMPLE_CRITERIA_SET;
  const set = criteriaSetOf(ref);
  if (!set)
    throw new IndexNotFoundError(
      `Không có bộ tiêu chí ${criteriaSetKey(ref)}`,
      `no criteria set ${criteriaSetKey(ref)}`,
    );
  return set;
}

async function planOf(db: DuckDb, year: number, position: number, planId: string | undefined): Promise<string> {
  const plans = await db.rows<{ plan_id: string }>(
    `SELECT DISTINCT plan_id FROM rm_plans WHERE year = $1 AND position <= $2::BIGINT AND ($3::VARCHAR IS NULL OR plan_id = $3)
     ORDER BY plan_id`,
    [year, position, planId ?? null],
  );
  if (plans.length === 1) return plans[0]!.plan_id;
  if (plans.length === 0) {
    throw new IndexNotFoundError(
      `Không có kế hoạch ${planId ?? year} trong mô hình đọc`,
      `no plan ${planId ?? year} in the read models`,
    );
  }
  throw new IndexNotFoundError(
    `Năm ${year} có nhiều kế hoạch (${plans.map((p) => p.plan_id).join(', ')}): hãy chọn kế hoạch của Sở`,
    `year ${year} has several plans (${plans.map((p) => p.plan_id).join(', ')}): name the department's plan`,
  );
}

type Department = Pick<DepartmentIndexQuery, 'departmentId' | 'planId' | 'criteriaSet'>;

/**
 * One department's CCHC index at (asOf, position), computed by the SQL macros: every leaf, the
 * areas and the totals unrounded; `published` rounds the final index at the set's precision.
 */
export async function computeDepartmentIndex(db: DuckDb, query: DepartmentIndexQuery): Promise<DepartmentIndex> {
  const { departmentId, planId, criteriaSet, ...shared } = query;
  const department: Department = {
    departmentId,
    ...(planId ? { planId } : {}),
    ...(criteriaSet ? { criteriaSet } : {}),
  };
  return (await computeDepartmentIndexes(db, [department], shared))[0]!;
}

/**
 * Several departments' indexes at the same (asOf, position), in the order given. Departments that
 * share a criteria set and a plan are computed by one call of the macro, so the derived criteria
 * and the plan's inputs hash are computed once for them; each index equals computeDepartmentIndex's.
 */
export async function computeDepartmentIndexes(
  db: DuckDb,
  departments: readonly Department[],
  query: Omit<DepartmentIndexQuery, 'departmentId' | 'planId' | 'criteriaSet'>,
): Promise<DepartmentIndex[]> {
  const checkpoint = await projectedPosition(db);
  const position = query.position ?? checkpoint;
  if (position > checkpoint) throw new ReadModelsBehindError(position, checkpoint);
  const rulebook = rulebookForPlan(query.rulebook, query.year);
  const rbKey = await ensureRulebook(db, rulebook);
  const asOf = new Date(query.asOf ?? Date.now()).toISOString();
  const prepared: { departmentId: string; set: CriteriaSet; csKey: string; planId: string }[] = [];
  for (const d of departments) {
    const set = d.criteriaSet ?? (await dossierSet(db, d.departmentId, query.year, position));
    prepared.push({
      departmentId: d.departmentId,
      set,
      csKey: await ensureCriteriaSet(db, set),
      planId: await planOf(db, query.year, position, d.planId),
    });
  }
  const groups = new Map<string, typeof prepared>();
  for (const p of prepared) {
    const key = `${p.csKey}\n${p.planId}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const leavesOf = new Map<string, IndexLeaf[]>();
  const planDigests = new Map<string, string>();
  for (const group of groups.values()) {
    const { csKey, planId } = group[0]!;
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT * FROM cchc_department_indexes($1::TIMESTAMPTZ, $2::BIGINT, $3, $4, $5, $6) ORDER BY department_id, ord`,
      [asOf, position, rbKey, csKey, [...new Set(group.map((g) => g.departmentId))].join(','), planId],
    );
    for (const r of rows) {
      const key = `${csKey}\n${planId}\n${r.department_id as string}`;
      leavesOf.set(key, [...(leavesOf.get(key) ?? []), leafOf(r)]);
    }
    if (!planDigests.has(planId))
      planDigests.set(planId, await planInputsHash(db, { planId, asOf, position, rulebook }));
  }
  const out: DepartmentIndex[] = [];
  for (const p of prepared) {
    out.push(
      await assemble(db, {
        ...p,
        year: query.year,
        rulebook,
        asOf,
        position,
        leaves: leavesOf.get(`${p.csKey}\n${p.planId}\n${p.departmentId}`) ?? [],
        planDigest: planDigests.get(p.planId)!,
      }),
    );
  }
  return out;
}

function leafOf(r: Record<string, unknown>): IndexLeaf {
  return {
    areaId: r.area_id as string,
    criterionId: r.criterion_id as string,
    title: r.title as string,
    method: r.method as IndexLeaf['method'],
    max: Number(r.max),
    measured: num(r.measured),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    self: num(r.self_value),
    appraised: num(r.appraised_value),
    final: Number(r.final_value),
    scored: r.scored === true,
    note: (r.note as string | null) ?? null,
    evidenceFiles: (r.evidence_files as string[] | null) ?? [],
    appraisalReason: (r.appraisal_reason as string | null) ?? null,
    eventIds: (r.event_ids as string[] | null) ?? [],
  };
}

async function assemble(
  db: DuckDb,
  p: {
    readonly departmentId: string;
    readonly year: number;
    readonly set: CriteriaSet;
    readonly csKey: string;
    readonly planId: string;
    readonly rulebook: Rulebook;
    readonly asOf: string;
    readonly position: number;
    readonly leaves: readonly IndexLeaf[];
    readonly planDigest: string;
  },
): Promise<DepartmentIndex> {
  const { set, leaves, asOf, position, rulebook } = p;
  const totals = (of: readonly IndexLeaf[]): IndexTotals => ({
    self: of.reduce((a, l) => a + (l.self ?? 0), 0),
    appraised: of.reduce((a, l) => a + (l.appraised ?? 0), 0),
    final: of.reduce((a, l) => a + l.final, 0),
  });
  const total = totals(leaves);
  const rounded = round(total.final, set.precision);
  const dossierDigest = await db.value<string | null>(
    `SELECT sha256(string_agg(hash, ',' ORDER BY global_position)) FROM ${knownEvents('$1::TIMESTAMPTZ', '$2::BIGINT')} e
     WHERE e.stream_id = $3`,
    [asOf, position, indexStreamId(p.departmentId, p.year)],
  );
  return {
    departmentId: p.departmentId,
    year: p.year,
    planId: p.planId,
    criteriaSet: { id: set.id, version: set.version, example: set.example, title: set.title },
    rulebook: { id: rulebook.id, version: rulebook.version },
    asOf,
    position,
    inputsHash: hash(
      'sha256',
      [
        p.csKey,
        JSON.stringify(set),
        rulebookKey(rulebook),
        p.departmentId,
        p.planId,
        asOf,
        String(position),
        dossierDigest ?? '',
        p.planDigest,
      ].join('\n'),
      'hex',
    ),
    precision: set.precision,
    published: { final: rounded, band: bandOf(set, rounded) },
    ...total,
    areas: set.areas.map((a) => ({
      areaId: a.id,
      title: a.title,
      max: a.max,
      ...totals(leaves.filter((l) => l.areaId === a.id)),
    })),
    leaves: [...leaves],
    status: await dossierStatus(db, p.departmentId, p.year, asOf, position),
  };
}
