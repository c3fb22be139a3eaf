import { hash } from 'node:crypto';
import { criteriaSetKey, type DuckDb, ValidationError } from '@cchc/core';
import { computeDepartmentIndexes, type DepartmentIndex, type DepartmentIndexQuery } from './department-index.ts';

export interface DepartmentRankingRow {
  readonly departmentId: string;
  readonly planId: string;
  readonly self: number;
  readonly appraised: number;
  readonly final: number;
  /** `final` at the published precision: ranks, ties and bands are decided on it. */
  readonly rounded: number;
  readonly band: string;
  readonly rank: number;
  readonly inputsHash: string;
}

export interface DepartmentRanking {
  readonly year: number;
  readonly criteriaSet: { readonly id: string; readonly version: number; readonly example: boolean };
  readonly asOf: string;
  readonly position: number;
  readonly precision: number;
  readonly inputsHash: string;
  readonly ties: {
    readonly precision: number;
    readonly rule: 'equal_rounded_scores_share_rank';
    readonly listedWithinTieBy: 'department_id';
  };
  readonly rows: readonly DepartmentRankingRow[];
}

/**
 * Ranks departments' indexes computed at one instant and position under one criteria set: by the
 * final index rounded at the set's precision, descending; equal rounded scores share a rank
 * (1, 2, 2, 4), listed by department id. The inputs hash covers every department's.
 */
export function rankIndexes(indexes: readonly DepartmentIndex[]): DepartmentRanking {
  const first = indexes[0];
  if (!first)
    throw new ValidationError({ vi: 'Xếp hạng', en: 'ranking' }, [
      { path: 'departments', message: 'cần ít nhất một Sở / at least one department' },
    ]);
  const key = criteriaSetKey(first.criteriaSet);
  const other = indexes.find((i) => criteriaSetKey(i.criteriaSet) !== key || i.year !== first.year);
  if (other) {
    throw new ValidationError({ vi: 'Xếp hạng', en: 'ranking' }, [
      {
        path: 'departments',
        message: `${other.departmentId} chấm theo ${criteriaSetKey(other.criteriaSet)}, không phải ${key} / is scored under another set`,
      },
    ]);
  }
  const sorted = [...indexes].sort(
    (a, b) => b.published.final - a.published.final || (a.departmentId < b.departmentId ? -1 : 1),
  );
  const rows = sorted.map((i) => ({
    departmentId: i.departmentId,
    planId: i.planId,
    self: i.self,
    appraised: i.appraised,
    final: i.final,
    rounded: i.published.final,
    band: i.published.band,
    rank: 1 + sorted.filter((o) => o.published.final > i.published.final).length,
    inputsHash: i.inputsHash,
  }));
  return {
    year: first.year,
    criteriaSet: { id: first.criteriaSet.id, version: first.criteriaSet.version, example: first.criteriaSet.example },
    asOf: first.asOf,
    position: first.position,
    precision: first.precision,
    inputsHash: hash('sha256', rows.map((r) => `${r.departmentId}:${r.inputsHash}`).join('\n'), 'hex'),
    ties: { precision: first.precision, rule: 'equal_rounded_scores_share_rank', listedWithinTieBy: 'department_id' },
    rows,
  };
}

/** The index of each department at the same instant and position, ranked. */
export async function rankDepartments(
  db: DuckDb,
  departments: readonly Pick<DepartmentIndexQuery, 'departmentId' | 'planId'>[],
  query: Omit<DepartmentIndexQuery, 'departmentId' | 'planId'>,
): Promise<DepartmentRanking> {
  const asOf = new Date(query.asOf ?? Date.now()).toISOString();
  const { criteriaSet, ...shared } = query;
  return rankIndexes(
    await computeDepartmentIndexes(
      db,
      departments.map((d) => ({ ...d, ...(criteriaSet ? { criteriaSet } : {}) })),
      { ...shared, asOf },
    ),
  );
}
