import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlanDefinition } from '../plan/plan-definition.ts';
import { type PlanImport, parsePlanDocument } from '../plan/plan-document-parser.ts';
import { parseUnitRegistry, type UnitRegistry } from '../plan/unit-registry.ts';

/** The repository's `fixtures/` directory. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
export const SEED_PLAN_FILE_NAME = 'ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt';
/** The seed plan document: the 2025 CCHC plan of Sở TN&MT Khánh Hòa, exported as text. */
export const SEED_PLAN_PATH = join(FIXTURES_DIR, SEED_PLAN_FILE_NAME);
/** The example unit registry of the seed department. */
export const EXAMPLE_UNITS_PATH = join(FIXTURES_DIR, 'units.example.json');

export function seedPlanText(): string {
  return readFileSync(SEED_PLAN_PATH, 'utf8');
}

/** The example registry file, parsed as JSON only. */
export function exampleUnitsJson(): unknown {
  return JSON.parse(readFileSync(EXAMPLE_UNITS_PATH, 'utf8'));
}

export function exampleRegistry(): UnitRegistry {
  return parseUnitRegistry(exampleUnitsJson());
}

export interface SeedPlan {
  /** The 35 tasks of the seed, as `cchc plan import` reads them. */
  readonly plan: PlanDefinition;
  readonly registry: UnitRegistry;
  /** The whole import: plan, summary (with the file name as source) and warnings. */
  readonly imported: PlanImport;
}

/** The seed plan read with the example registry; every call reads the files again. */
export function seedPlan(): SeedPlan {
  const registry = exampleRegistry();
  const imported = parsePlanDocument(seedPlanText(), registry, { sourceName: SEED_PLAN_FILE_NAME });
  return { plan: imported.plan, registry, imported };
}
