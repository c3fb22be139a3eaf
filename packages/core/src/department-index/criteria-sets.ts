import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexCommand } from '../commands/index-commands.ts';
import type { Decider } from '../deciders/decider.ts';
import { type IndexEvent, type IndexState, indexDecider } from '../deciders/index-decider.ts';
import { parseOrThrow } from '../errors/zod-issues.ts';
import { type CriteriaSet, type CriteriaSetRef, criteriaSetKey, criteriaSetSchema } from './criteria-set.ts';

const DIR = fileURLToPath(new URL('../../criteria-sets/', import.meta.url));

/** Parses a criteria set file's text (JSON), refusing anything the schema refuses. */
export function parseCriteriaSet(text: string): CriteriaSet {
  return parseOrThrow(criteriaSetSchema, JSON.parse(text), { vi: 'Bộ tiêu chí', en: 'criteria set' });
}

function loadShipped(): ReadonlyMap<string, CriteriaSet> {
  const sets = new Map<string, CriteriaSet>();
  for (const name of readdirSync(DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const set = parseCriteriaSet(readFileSync(join(DIR, name), 'utf8'));
    const key = criteriaSetKey(set);
    if (sets.has(key)) throw new Error(`criteria set ${key} is shipped twice (${name})`);
    sets.set(key, set);
  }
  return sets;
}

let shipped: ReadonlyMap<string, CriteriaSet> | undefined;

/**
 * The criteria sets shipped in packages/core/criteria-sets (one JSON file per id@version). A
 * set is immutable once shipped: the province's revision is a new version, never an edit.
 */
export function shippedCriteriaSets(): ReadonlyMap<string, CriteriaSet> {
  shipped ??= loadShipped();
  return shipped;
}

export function criteriaSetOf(ref: CriteriaSetRef): CriteriaSet | undefined {
  return shippedCriteriaSets().get(criteriaSetKey(ref));
}

/** The example set of the repository (to be replaced by the province's decision). */
export const EXAMPLE_CRITERIA_SET: CriteriaSetRef = { id: 'example-so-2025', version: 1 };

/** The index decider over the shipped criteria sets: the one the decision engine uses. */
export const shippedIndexDecider: Decider<IndexState, IndexCommand, IndexEvent> = indexDecider(criteriaSetOf);
