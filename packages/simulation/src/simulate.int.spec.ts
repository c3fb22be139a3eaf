import { capabilityOf, openLedgerStore, type RecordedEvent } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.ts';

const { plan, registry } = seedPlan();
const RECORDED_AT = '2026-03-02T02:00:00.000Z';

async function run(
  seed: number,
  scale = 1,
): Promise<{
  log: RecordedEvent[];
  result: Awaited<ReturnType<typeof simulate>>;
  head: { position: number; hash: string };
}> {
  // The store records at its clock: pinned, so that two runs can be compared hash for hash.
  const store = await openLedgerStore({ url: ':memory:', clock: () => new Date(RECORDED_AT) });
  try {
    const result = await simulate(store, { plan, units: registry.units, seed, scale });
    const log = [...(await store.readAll({ limit: 1_000_000 }))];
    expect((await capabilityOf(store, 'chainVerifier').verifyChain()).ok).toBe(true);
    return { log, result, head: await capabilityOf(store, 'chainVerifier').headHash() };
  } finally {
    await store.close();
  }
}

describe('the simulated year', () => {
  it('is deterministic: the same seed (and store clock) gives the same events, ids and hashes; another seed does not', async () => {
    const [a, b, c] = await Promise.all([run(42), run(42), run(43)]);
    expect(a.head).toEqual(b.head);
    expect(a.log.map((e) => e.eventId)).toEqual(b.log.map((e) => e.eventId));
    expect(c.head.hash).not.toBe(a.head.hash);
  });

  it('asks nothing of the deciders that a rule refuses, over many departments (each its own random stream)', async () => {
    for (const seed of [42, 142]) {
      const { result } = await run(seed, 60);
      expect(result.refused, `seed ${seed}: ${JSON.stringify(result.refusedExamples)}`).toEqual({});
    }
  });

  it('holds what a real year holds', async () => {
    const { log, result } = await run(42);
    const of = (type: string) => log.filter((e) => e.type === type);
    const data = (e: RecordedEvent) => e.data as Record<string, unknown>;
    expect(of('PlanIssued')).toHaveLength(1);
    expect(of('TaskDefined')).toHaveLength(35);
    expect(of('UnitEstablished')).toHaveLength(registry.units.length);
    // Every event is a marked backfill with its own recordedAt.
    expect(log.every((e) => e.metadata.source === 'backfill')).toBe(true);

    // Completions on time and late, products returned, tasks never completed.
    const definitions = new Map(of('TaskDefined').map((e) => [e.streamId, data(e)]));
    const dueOf = (e: RecordedEvent) => {
      const set = log
        .filter((x) => x.type === 'DeadlineSet' && x.streamId === e.streamId && x.globalPosition < e.globalPosition)
        .at(-1);
      const deadline = definitions.get(e.streamId)!.deadline as { kind: string; due?: string };
      return set ? (data(set).due as string) : deadline.due;
    };
    const completions = of('TaskCompleted').filter((e) => dueOf(e) !== undefined);
    const localDate = (instant: string) => new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(completions.some((e) => localDate(e.occurredAt) <= dueOf(e)!)).toBe(true);
    expect(completions.some((e) => localDate(e.occurredAt) > dueOf(e)!)).toBe(true);
    expect(of('ProductReturned').length).toBeGreaterThan(0);
    expect(of('TaskStarted').length).toBeGreaterThan(of('TaskCompleted').length);
    expect(of('DelayExcused').length + of('TaskCancelled').length).toBeGreaterThan(0);

    // Conditional tasks: some got a deadline by decision, some did not.
    const conditional = [...definitions.entries()]
      .filter(([, d]) => (d.deadline as { kind: string }).kind === 'conditional')
      .map(([s]) => s);
    const withDeadline = new Set(of('DeadlineSet').map((e) => e.streamId));
    expect(conditional.some((s) => withDeadline.has(s))).toBe(true);
    expect(conditional.some((s) => !withDeadline.has(s))).toBe(true);

    // Reports: on time, late and missing.
    const reports = of('PeriodicReportSubmitted');
    const dueByPeriod = new Map(plan.reportSchedule.map((r) => [r.period, r.due]));
    expect(reports.some((e) => localDate(e.occurredAt) <= dueByPeriod.get(data(e).period as 'Q1')!)).toBe(true);
    expect(reports.some((e) => localDate(e.occurredAt) > dueByPeriod.get(data(e).period as 'Q1')!)).toBe(true);
    const topLevel = registry.units.filter((u) => !u.parent).length;
    expect(reports.length).toBeLessThan(topLevel * 4);

    // Recognition, criticism, one merger with its assignments passed on.
    expect(
      of('InitiativeRecognised')
        .map((e) => data(e).level)
        .sort(),
    ).toEqual(['department', 'province']);
    expect(of('CriticismRecorded')).toHaveLength(1);
    expect(of('UnitMergedInto')).toHaveLength(1);
    expect(result.facts.merger).toBeDefined();
    expect(
      of('TaskReassigned').length +
        of('TaskCancelled').filter((e) => String(data(e).reason).startsWith('Sáp nhập')).length,
    ).toBeGreaterThan(0);

    // Indicators each quarter; some events recorded days after they happened.
    expect(of('IndicatorMeasured')).toHaveLength(plan.indicators.length * 4);
    const late = log.filter((e) => Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > 7 * 86_400_000);
    expect(late.length).toBeGreaterThan(0);
    // Every event happened in the plan year.
    expect(log.every((e) => localDate(e.occurredAt).startsWith('2025-'))).toBe(true);
  });

  it('multiplies into departments with their own unit and stream ids', async () => {
    const { log, result } = await run(5, 3);
    expect(result.departments).toBe(3);
    expect(result.refused).toEqual({});
    const plans = log
      .filter((e) => e.type === 'PlanIssued')
      .map((e) => [e.streamId, (e.data as { planId: string }).planId]);
    expect(plans).toEqual([
      ['plan-2025', 'cchc-2025'],
      ['plan-2025-d2', 'cchc-2025-d2'],
      ['plan-2025-d3', 'cchc-2025-d3'],
    ]);
    expect(log.filter((e) => e.type === 'UnitEstablished').map((e) => e.streamId)).toContain('unit-vp-so-d3');
    expect(log.filter((e) => e.type === 'TaskDefined').map((e) => e.streamId)).toContain('task-2025-d2-II.3');
    expect(new Set(log.filter((e) => e.type === 'TaskDefined').map((e) => e.streamId)).size).toBe(105);
  });
});
