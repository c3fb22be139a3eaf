import { join } from 'node:path';
import { SEED_PLAN_PATH } from '@cchc/core/testing';
import { expect } from 'vitest';
import { cli } from './run-cli-in-process.ts';

/** Imports the seed plan into `dir` and simulates the demo year (seed 42); returns the data directory. */
export async function simulateDemoYear(dir: string): Promise<string> {
  const data = join(dir, 'data');
  const plan = join(dir, 'plan.json');
  const imported = await cli(['plan', 'import', SEED_PLAN_PATH, '--out', plan]);
  expect(imported.code, imported.stderr).toBe(0);
  const sim = await cli(['simulate', '--plan', plan, '--seed', '42', '--data', data]);
  expect(sim.code, `${sim.stderr}\n${sim.stdout}`).toBe(0);
  return data;
}

export interface RankJson {
  rulebook: { id: string; version: number };
  asOf: string;
  position: number;
  inputsHash: string;
  rows: { unitId: string; unitName: string; score: number | null; band: string | null; rank: number | null }[];
}

/** `cchc rank --json` on a data directory. */
export async function rankJson(data: string, ...args: string[]): Promise<RankJson> {
  const r = await cli(['rank', '--json', '--data', data, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RankJson;
}
