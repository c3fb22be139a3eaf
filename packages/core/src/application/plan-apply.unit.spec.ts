import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openInMemoryStore } from '../testing/in-memory-ledger.ts';
import { seedPlan } from '../testing/seed-fixture.ts';
import type { CommandContext } from './command-context.ts';
import { handleTaskCommand } from './command-handlers.ts';
import { applyPlan } from './plan-apply.ts';
import { reorganiseUnit } from './reorganise-units.ts';

const { plan, registry } = seedPlan();
const office: CommandContext = { actor: 'vp-so:test', source: 'test' };
const at = '2025-01-20T08:00:00+07:00';

let store: LedgerStore;
beforeEach(async () => {
  store = await openInMemoryStore();
});
afterEach(() => store.close());

describe('applying the seed plan', () => {
  it('records the plan, every unit and the 35 tasks through the deciders; a second apply writes nothing', async () => {
    const first = await applyPlan(store, plan, registry, { at, context: office });
    expect(first.tasksDefined).toBe(35);
    expect(first.unitsEstablished).toBe(registry.units.length);
    expect(first.written).toBe(1 + registry.units.length + 35);
    const head = await store.headPosition();
    const second = await applyPlan(store, plan, registry, { at, context: office });
    expect(second.written).toBe(0);
    expect(second.unitsExisting).toBe(registry.units.length);
    expect(await store.headPosition()).toBe(head);
    const [defined] = await store.readStream('task-2025-VI.1');
    expect(defined).toMatchObject({
      type: 'TaskDefined',
      data: { taskId: 'VI.1', area: 'VI', lead: ['tt-cntt-tnmt'] },
    });
  });
});

describe('merging a unit', () => {
  it('passes its assignments to the successor, or closes them where the successor already has one, atomically', async () => {
    await applyPlan(store, plan, registry, { at, context: office });
    // chi-cuc-bien-hai-dao leads II.2 alongside chi-cuc-qldd (an "all units" task) and no task alone.
    await handleTaskCommand(
      store,
      {
        type: 'StartTask',
        planYear: 2025,
        taskId: 'II.2',
        unitId: 'chi-cuc-bien-hai-dao',
        at: '2025-03-01T08:00:00+07:00',
      },
      office,
    );
    const outcome = await reorganiseUnit(
      store,
      store.capabilities.taskDirectory,
      {
        type: 'MergeUnit',
        unitId: 'chi-cuc-bien-hai-dao',
        intoUnitId: 'chi-cuc-qldd',
        decisionRef: '1234/QĐ-UBND',
        at: '2025-07-01T08:00:00+07:00',
      },
      { ...office, commandId: 'merge-1' },
    );
    expect(outcome.events[0]!.type).toBe('UnitMergedInto');
    const cancelled = outcome.events.filter((e) => e.type === 'TaskCancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    const [last] = await store.readStream('task-2025-II.2', { direction: 'backwards', maxCount: 1 });
    expect(last).toMatchObject({ type: 'TaskCancelled', data: { unitId: 'chi-cuc-bien-hai-dao' } });
    // Retried: nothing new.
    const head = await store.headPosition();
    const again = await reorganiseUnit(
      store,
      store.capabilities.taskDirectory,
      {
        type: 'MergeUnit',
        unitId: 'chi-cuc-bien-hai-dao',
        intoUnitId: 'chi-cuc-qldd',
        decisionRef: '1234/QĐ-UBND',
        at: '2025-07-01T08:00:00+07:00',
      },
      { ...office, commandId: 'merge-1' },
    );
    expect(again.alreadyHandled).toBe(true);
    expect(again.events.length).toBe(outcome.events.length);
    expect(await store.headPosition()).toBe(head);
  });

  it('reassigns a task the successor does not hold, so the successor can complete it', async () => {
    await applyPlan(store, plan, registry, { at, context: office });
    // VI.1 and VI.2 are led by tt-cntt-tnmt alone, vp-so coordinates them: after the merge vp-so leads them.
    await reorganiseUnit(
      store,
      store.capabilities.taskDirectory,
      {
        type: 'MergeUnit',
        unitId: 'tt-cntt-tnmt',
        intoUnitId: 'vp-so',
        decisionRef: '99/QĐ',
        at: '2025-08-01T08:00:00+07:00',
      },
      office,
    );
    const vi2 = await store.readStream('task-2025-VI.2');
    expect(vi2.some((e) => e.type === 'TaskReassigned' && (e.data as { toUnitId: string }).toUnitId === 'vp-so')).toBe(
      true,
    );
    await handleTaskCommand(
      store,
      { type: 'CompleteTask', planYear: 2025, taskId: 'VI.1', unitId: 'vp-so', at: '2025-09-01T08:00:00+07:00' },
      office,
    );
    await expect(
      handleTaskCommand(
        store,
        {
          type: 'CompleteTask',
          planYear: 2025,
          taskId: 'VI.1',
          unitId: 'tt-cntt-tnmt',
          at: '2025-09-01T08:00:00+07:00',
        },
        office,
      ),
    ).rejects.toMatchObject({ rule: 'UNIT_NOT_ASSIGNED' });
  });

  it('a merge in a later year leaves the closed plan’s tasks alone', async () => {
    await applyPlan(store, plan, registry, { at, context: office });
    const outcome = await reorganiseUnit(
      store,
      store.capabilities.taskDirectory,
      {
        type: 'MergeUnit',
        unitId: 'tt-cntt-tnmt',
        intoUnitId: 'vp-so',
        decisionRef: '5/QĐ',
        at: '2026-02-01T08:00:00+07:00',
      },
      office,
    );
    expect(outcome.events.map((e) => e.type)).toEqual(['UnitMergedInto']);
  });

  it('of two crossing merges (a into b, b into a) at the same time, only one succeeds', async () => {
    await applyPlan(store, plan, registry, { at, context: office });
    const directory = store.capabilities.taskDirectory;
    const when = '2025-08-01T08:00:00+07:00';
    const outcomes = await Promise.allSettled([
      reorganiseUnit(
        store,
        directory,
        {
          type: 'MergeUnit',
          unitId: 'phong-moi-truong',
          intoUnitId: 'phong-khoang-san',
          decisionRef: '1/QĐ',
          at: when,
        },
        office,
      ),
      reorganiseUnit(
        store,
        directory,
        {
          type: 'MergeUnit',
          unitId: 'phong-khoang-san',
          intoUnitId: 'phong-moi-truong',
          decisionRef: '2/QĐ',
          at: when,
        },
        office,
      ),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    // Read before the other committed: the revision check refuses it; read after: the decider does.
    expect(['CONCURRENCY_CONFLICT', 'RULE_VIOLATION']).toContain((failure.reason as { code: string }).code);
    const merged = (await store.readAll({ limit: 10_000 })).filter((e) => e.type === 'UnitMergedInto');
    expect(merged).toHaveLength(1);
  });

  it('refuses a merge into an unknown unit and writes nothing', async () => {
    await applyPlan(store, plan, registry, { at, context: office });
    const head = await store.headPosition();
    await expect(
      reorganiseUnit(
        store,
        store.capabilities.taskDirectory,
        { type: 'MergeUnit', unitId: 'vp-so', intoUnitId: 'nope', decisionRef: 'x', at: '2025-08-01T08:00:00+07:00' },
        office,
      ),
    ).rejects.toMatchObject({ rule: 'MERGE_TARGET_UNKNOWN' });
    expect(await store.headPosition()).toBe(head);
  });
});
