import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuleViolationError } from '../deciders/rule-violation.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openInMemoryStore } from '../testing/in-memory-ledger.ts';
import type { CommandContext } from './command-context.ts';
import { handlePlanCommand, handleTaskCommand, handleUnitCommand } from './command-handlers.ts';

let store: LedgerStore;
beforeEach(async () => {
  store = await openInMemoryStore();
});
afterEach(() => store.close());

const office: CommandContext = { actor: 'vp-so:nguyenvana', source: 'test', unitId: 'vp-so' };
const at = '2025-02-01T09:00:00+07:00';

async function seed(): Promise<void> {
  await handlePlanCommand(
    store,
    {
      type: 'IssuePlan',
      at: '2025-01-10T09:00:00+07:00',
      planId: 'cchc-2025',
      year: 2025,
      title: 'Kế hoạch CCHC 2025',
      indicators: [],
      reportSchedule: [],
    },
    office,
  );
  await handleUnitCommand(
    store,
    {
      type: 'EstablishUnit',
      at: '2025-01-10T09:00:00+07:00',
      unitId: 'vpdkdd',
      name: 'Văn phòng Đăng ký đất đai',
      kind: 'trung_tam',
      shortNames: [],
    },
    office,
  );
  await handleTaskCommand(
    store,
    {
      type: 'DefineTask',
      at: '2025-01-10T09:00:00+07:00',
      planYear: 2025,
      taskId: 'II.3',
      area: 'II',
      title: 'Số hóa hồ sơ',
      product: 'Hồ sơ số',
      deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
      lead: ['vpdkdd'],
      coordinators: [],
    },
    office,
  );
}

describe('command handlers', () => {
  it('appends what the decider decided, with metadata naming the actor and the command', async () => {
    await seed();
    const outcome = await handleTaskCommand(
      store,
      { type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at },
      { ...office, commandId: 'cmd-42' },
    );
    expect(outcome.events).toHaveLength(1);
    const [event] = await store.readStream('task-2025-II.3', { direction: 'backwards', maxCount: 1 });
    expect(event).toMatchObject({
      type: 'TaskCompleted',
      occurredAt: '2025-02-01T02:00:00.000Z',
      metadata: {
        actor: 'vp-so:nguyenvana',
        source: 'test',
        unitId: 'vp-so',
        causationId: 'cmd-42',
        correlationId: 'cmd-42',
      },
    });
  });

  it('an expected revision (If-Match) that the stream has passed refuses the command, writing nothing', async () => {
    await seed();
    const revision = await store.streamRevision('task-2025-II.3');
    const start = { type: 'StartTask' as const, planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at };
    await handleTaskCommand(store, start, { ...office, expectedRevision: revision });
    const head = await store.headPosition();
    const stale = handleTaskCommand(
      store,
      { ...start, type: 'CompleteTask' },
      { ...office, expectedRevision: revision },
    );
    await expect(stale).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      expected: revision,
      actual: revision + 1,
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('a command delivered twice is handled once', async () => {
    await seed();
    const command = { type: 'CompleteTask' as const, planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at };
    const first = await handleTaskCommand(store, command, { ...office, commandId: 'cmd-1' });
    const head = await store.headPosition();
    const second = await handleTaskCommand(store, command, { ...office, commandId: 'cmd-1' });
    expect(second.alreadyHandled).toBe(true);
    expect(second.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await store.headPosition()).toBe(head);
    // A different command with the same content is a new attempt, and the rule refuses it.
    await expect(handleTaskCommand(store, command, { ...office, commandId: 'cmd-2' })).rejects.toBeInstanceOf(
      RuleViolationError,
    );
  });

  it('records a backfill with its claim of when the office knew, and why; recordedAt stays the store clock', async () => {
    await seed();
    const before = Date.now();
    await handleTaskCommand(
      store,
      { type: 'StartTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at: '2025-01-20T08:00:00+07:00' },
      { ...office, backfill: { knownAt: '2025-01-25T01:00:00.000Z', reason: 'sổ giấy / paper register' } },
    );
    const [event] = await store.readStream('task-2025-II.3', { direction: 'backwards', maxCount: 1 });
    expect(event).toMatchObject({
      type: 'TaskStarted',
      metadata: { source: 'backfill', knownAt: '2025-01-25T01:00:00.000Z', reason: 'sổ giấy / paper register' },
    });
    expect(Date.parse(event!.recordedAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it('refuses to define a task before the plan is issued', async () => {
    await expect(
      handleTaskCommand(
        store,
        {
          type: 'DefineTask',
          at,
          planYear: 2025,
          taskId: 'I.1',
          area: 'I',
          title: 't',
          product: 'p',
          deadline: { kind: 'ongoing', text: 'Thường xuyên' },
          lead: ['x'],
          coordinators: [],
        },
        office,
      ),
    ).rejects.toMatchObject({ rule: 'PLAN_NOT_ISSUED' });
  });

  it('decides a merge against the target unit read from its own stream', async () => {
    await seed();
    const directory = store.capabilities.taskDirectory;
    await expect(
      handleUnitCommand(
        store,
        { type: 'MergeUnit', unitId: 'vpdkdd', intoUnitId: 'snnmt', decisionRef: '1/QĐ', at },
        office,
      ),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      handleUnitCommand(
        store,
        { type: 'MergeUnit', unitId: 'vpdkdd', intoUnitId: 'snnmt', decisionRef: '1/QĐ', at },
        office,
        directory,
      ),
    ).rejects.toMatchObject({
      rule: 'MERGE_TARGET_UNKNOWN',
    });
    await handleUnitCommand(
      store,
      {
        type: 'EstablishUnit',
        unitId: 'snnmt',
        name: 'Sở Nông nghiệp và Môi trường',
        kind: 'van_phong',
        shortNames: [],
        at,
      },
      office,
    );
    const merged = await handleUnitCommand(
      store,
      { type: 'MergeUnit', unitId: 'vpdkdd', intoUnitId: 'snnmt', decisionRef: '1/QĐ', at },
      office,
      directory,
    );
    expect(merged.events.map((e) => e.type)).toEqual(['UnitMergedInto', 'TaskReassigned']);
  });

  it('decides again when another writer got there first', async () => {
    await seed();
    // Two concurrent commands on the same task stream: both succeed, one after re-deciding.
    let appends = 0;
    const append = store.appendToStream.bind(store);
    store.appendToStream = (...args) => {
      appends += 1;
      return append(...args);
    };
    const [a, b] = await Promise.all([
      handleTaskCommand(
        store,
        { type: 'ReportProgress', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', percent: 20, evidenceRefs: [], at },
        office,
      ),
      handleTaskCommand(
        store,
        { type: 'ReportProgress', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', percent: 30, evidenceRefs: [], at },
        office,
      ),
    ]);
    expect(a.events).toHaveLength(1);
    expect(b.events).toHaveLength(1);
    expect(await store.streamRevision('task-2025-II.3')).toBe(2);
    // Both read revision 0 and tried; the loser re-read, re-decided and appended again.
    expect(appends).toBe(3);
  });
});

describe('re-deciding after a concurrent change (issue 17, finding 4)', () => {
  const progress = (percent: number) => ({
    type: 'ReportProgress' as const,
    planYear: 2025,
    taskId: 'II.3',
    unitId: 'vpdkdd',
    percent,
    evidenceRefs: [],
    at,
  });

  it('the bound and the backoff come from the context: 30 writers on one stream all get through', async () => {
    await seed();
    const waits: number[] = [];
    const conflictRetry = {
      attempts: 40,
      delayMs: (attempt: number) => {
        waits.push(attempt);
        return Math.random() * Math.min(20, 2 ** attempt);
      },
    };
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => handleTaskCommand(store, progress(10 + i), { ...office, conflictRetry })),
    );
    expect(outcomes.every((o) => o.events.length === 1)).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('by default three decisions, no more; with an expected revision, none again', async () => {
    await seed();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => handleTaskCommand(store, progress(10 + i), office)),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r.reason as { code: string }).code).toBe('CONCURRENCY_CONFLICT');
  });
});
