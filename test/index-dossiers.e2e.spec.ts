import { criteriaSetOf, EXAMPLE_CRITERIA_SET, handleCommand, type LedgerStore, openLedgerStore } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import {
  computeDepartmentIndex,
  computeDepartmentIndexes,
  type DepartmentIndex,
  ProjectionEngine,
  publishIndexCommand,
  rankDepartments,
} from '@cchc/projections';
import { scriptIndexDossiers, simulate, simulateIndexDossiers } from '@cchc/simulation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Simulated departments' dossiers (issue 14): a simulated year for the plan, then N departments'
 * index workflows through the decision engine, published and ranked; every figure checked against
 * what the script decided.
 */
const set = criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
const SEED = 7;
const N = 12;
const AS_OF = '2026-01-31T16:59:59.999Z'; // end of 31/01/2026, the appraisal deadline, Vietnam time
const round2 = (v: number) => Number(v.toFixed(2));

describe('simulated departments’ index dossiers', () => {
  let store: LedgerStore;
  let engine: ProjectionEngine;
  let result: Awaited<ReturnType<typeof simulateIndexDossiers>>;
  const indexes = new Map<string, DepartmentIndex>();

  beforeAll(async () => {
    store = await openLedgerStore({ url: ':memory:' });
    const { plan, registry } = seedPlan();
    await simulate(store, { plan, units: registry.units, seed: 42 });
    result = await simulateIndexDossiers(store, { seed: SEED, departments: N });
    engine = await ProjectionEngine.open(store);
    await engine.catchUp(await store.headPosition());
    for (const d of result.dossiers) {
      indexes.set(
        d.departmentId,
        await computeDepartmentIndex(engine.database, { departmentId: d.departmentId, year: 2025, asOf: AS_OF }),
      );
    }
  }, 300_000);
  afterAll(async () => {
    engine?.close();
    await store?.close();
  });

  it('is deterministic, and asks nothing a rule refuses; a second run appends nothing', async () => {
    const again = scriptIndexDossiers({ seed: SEED, departments: N });
    expect(again.map((d) => d.steps)).toEqual(scriptIndexDossiers({ seed: SEED, departments: N }).map((d) => d.steps));
    expect(JSON.stringify(scriptIndexDossiers({ seed: SEED + 1, departments: N })[0]!.steps)).not.toBe(
      JSON.stringify(again[0]!.steps),
    );
    expect(result.refused).toEqual({});
    expect(result.events).toBeGreaterThan(N * 20);
    const head = await store.headPosition();
    expect((await simulateIndexDossiers(store, { seed: SEED, departments: N })).events).toBe(0);
    expect(await store.headPosition()).toBe(head);
    // The script covers the cases: a late submission, a request answered, more than one evidence file.
    const facts = result.dossiers;
    expect(facts.some((d) => d.submittedLate)).toBe(true);
    expect(facts.some((d) => d.requests > 0)).toBe(true);
    expect(facts.some((d) => d.evidence.size > 1)).toBe(true);
  });

  it('each index equals what the script decided: self = manual + derived, final = appraised + derived + survey', () => {
    const derived = new Set<number>();
    for (const d of result.dossiers) {
      const index = indexes.get(d.departmentId)!;
      // Every department shares the one plan of the year: the same derived points.
      const points = index.leaves.filter((l) => l.method === 'derived').reduce((a, l) => a + (l.self ?? 0), 0);
      derived.add(round2(points));
      expect(index.self).toBeCloseTo(d.manualSelf + points, 9);
      expect(index.appraised).toBeCloseTo(d.manualAppraised + points, 9);
      expect(index.final).toBeCloseTo(d.manualAppraised + points + d.survey, 9);
      expect(index.status).toMatchObject({ submitted: true, submittedLate: d.submittedLate, openRequests: [] });
      expect(index.status.requests.filter((r) => r.answer !== null)).toHaveLength(d.requests);
      expect(
        index.leaves.filter((l) => l.method === 'manual').every((l) => l.scored && l.evidenceFiles.length === 1),
      ).toBe(true);
    }
    expect(derived.size).toBe(1);
  });

  it('computed together (one macro call for a shared set and plan), each index equals the one computed alone', async () => {
    const position = indexes.values().next().value!.position;
    const together = await computeDepartmentIndexes(
      engine.database,
      result.dossiers.map((d) => ({ departmentId: d.departmentId })),
      { year: 2025, asOf: AS_OF, position },
    );
    expect(together).toEqual(result.dossiers.map((d) => indexes.get(d.departmentId)));
  });

  it('published through the decision engine and ranked: order, ties and bands by hand at 2 decimals', async () => {
    for (const index of indexes.values()) {
      const outcome = await handleCommand(store, publishIndexCommand(index, '2026-02-10T02:00:00.000Z'), {
        actor: 'sim:appraiser:so-noi-vu',
        source: 'simulation',
        backfill: { reason: 'xếp hạng mô phỏng / simulated ranking' },
      });
      expect(outcome.events.map((e) => e.type)).toEqual(['IndexPublished']);
    }
    await engine.catchUp(await store.headPosition());
    const asOf = '2026-03-31T16:59:59.999Z';
    const ranking = await rankDepartments(
      engine.database,
      result.dossiers.map((d) => ({ departmentId: d.departmentId })),
      { year: 2025, asOf },
    );
    const derived = indexes
      .values()
      .next()
      .value!.leaves.filter((l) => l.method === 'derived')
      .reduce((a, l) => a + l.final, 0);
    const expected = result.dossiers
      .map((d) => ({ departmentId: d.departmentId, rounded: round2(d.manualAppraised + derived + d.survey) }))
      .sort((a, b) => b.rounded - a.rounded || (a.departmentId < b.departmentId ? -1 : 1));
    const band = (v: number) => set.bands.find((b) => b.min === null || v >= b.min)!.name;
    expect(ranking.rows.map((r) => [r.departmentId, r.rounded, r.rank, r.band])).toEqual(
      expected.map((e) => [
        e.departmentId,
        e.rounded,
        1 + expected.filter((o) => o.rounded > e.rounded).length,
        band(e.rounded),
      ]),
    );
    for (const d of result.dossiers) {
      const published = await computeDepartmentIndex(engine.database, {
        departmentId: d.departmentId,
        year: 2025,
        asOf,
      });
      expect(published.status.publication?.inputsHash).toBe(indexes.get(d.departmentId)!.inputsHash);
    }
  });
});
