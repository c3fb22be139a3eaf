import {
  type CommandContext,
  eventIdFor,
  handleCommand,
  type LedgerCommand,
  type LedgerStore,
  type TaskCommand,
  type UnitCommand,
} from '@cchc/core';
import { openInMemoryStore } from '@cchc/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchDecider } from './batch-decider.ts';
import type { IngestCommand } from './command-message.ts';
import { recordEvidenceFile } from './testing/ledger-fixture.ts';

// The batch decider over an in-process store: no broker. Given a ledger, when a batch of commands
// from the topic is decided (and appended), then the verdicts and the log.

const at = '2025-03-01T09:00:00+07:00';
/** The topic is read on the day its commands happen. */
const clock = () => new Date('2025-03-01T10:00:00+07:00');
const office: CommandContext = { actor: 'vp-so:test', source: 'test' };

let store: LedgerStore;
beforeEach(async () => {
  store = await openInMemoryStore();
  const given: LedgerCommand[] = [
    { type: 'IssuePlan', at, planId: 'p', year: 2025, title: 'Kế hoạch', indicators: [], reportSchedule: [] },
    { type: 'EstablishUnit', at, unitId: 'a', name: 'Phòng A', kind: 'phong', shortNames: [] },
    { type: 'EstablishUnit', at, unitId: 'b', name: 'Phòng B', kind: 'phong', shortNames: [] },
    ...['I.1', 'I.2'].map(
      (taskId): TaskCommand => ({
        type: 'DefineTask',
        at,
        planYear: 2025,
        taskId,
        area: 'I',
        title: `Nhiệm vụ ${taskId}`,
        product: 'Báo cáo',
        deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
        lead: ['a'],
        coordinators: ['b'],
      }),
    ),
  ];
  for (const [i, command] of given.entries())
    await handleCommand(store, command, { ...office, commandId: `given-${i}` });
});
afterEach(() => store.close());

const progress = (taskId: string, unitId: string, percent: number): TaskCommand => ({
  type: 'ReportProgress',
  planYear: 2025,
  taskId,
  unitId,
  percent,
  evidenceRefs: [],
  at,
});
const task = (command: TaskCommand, commandId: string): IngestCommand => ({
  kind: 'task',
  command,
  envelope: { commandId, actor: undefined, correlationId: undefined },
});
const unit = (command: UnitCommand, commandId: string): IngestCommand => ({
  kind: 'unit',
  command,
  envelope: { commandId, actor: 'he-thong-don-vi', correlationId: 'corr-1' },
});

const selfScore = (criterionId: string, value: number, evidence: string): IngestCommand => ({
  kind: 'index',
  command: {
    type: 'SelfScoreCriterion',
    departmentId: 'so-a',
    year: 2025,
    criteriaSetId: 'example-so-2025',
    criteriaSetVersion: 1,
    criterionId,
    value,
    evidenceFiles: [evidence],
    at,
  },
  envelope: { commandId: `score-${criterionId}-${value}`, actor: 'he-thong-so', correlationId: undefined },
});

async function decideAndAppend(decider: BatchDecider, commands: readonly IngestCommand[]) {
  const decision = await decider.decide(commands);
  await decision.append();
  return decision;
}

describe('BatchDecider', () => {
  it('accepts valid commands in order and appends them at once, grouped by stream', async () => {
    const head = await store.headPosition();
    const decision = await decideAndAppend(new BatchDecider(store, 'kafka:test', { clock }), [
      task(progress('I.1', 'a', 10), 'c1'),
      task(progress('I.2', 'a', 10), 'c2'),
      task(progress('I.1', 'a', 20), 'c3'),
      unit({ type: 'SubmitPeriodicReport', at, unitId: 'a', year: 2025, period: 'Q1' }, 'c4'),
    ]);
    expect(decision.verdicts).toEqual([
      { kind: 'accepted', events: 1 },
      { kind: 'accepted', events: 1 },
      { kind: 'accepted', events: 1 },
      { kind: 'accepted', events: 1 },
    ]);
    expect(decision.eventCount).toBe(4);
    const log = await store.readAll({ fromPosition: head + 1 });
    // One request per stream, in the order first touched; each stream keeps the commands' order.
    expect(log.map((e) => [e.streamId, e.metadata.causationId])).toEqual([
      ['task-2025-I.1', 'c1'],
      ['task-2025-I.1', 'c3'],
      ['task-2025-I.2', 'c2'],
      ['unit-a', 'c4'],
    ]);
    expect(log[0]).toMatchObject({ eventId: eventIdFor('c1', 0), metadata: { actor: 'kafka:test', source: 'kafka' } });
    expect(log[3]?.metadata).toMatchObject({ actor: 'he-thong-don-vi', correlationId: 'corr-1' });
  });

  it('a redelivered command writes nothing, whether it was appended before or earlier in the batch', async () => {
    const decider = new BatchDecider(store, 'kafka:test', { clock });
    await decideAndAppend(decider, [task(progress('I.1', 'a', 10), 'c1')]);
    const head = await store.headPosition();
    const again = await decideAndAppend(new BatchDecider(store, 'kafka:test', { clock }), [
      task(progress('I.1', 'a', 10), 'c1'),
      task(progress('I.1', 'a', 30), 'c2'),
      task(progress('I.1', 'a', 30), 'c2'),
    ]);
    expect(again.verdicts).toEqual([{ kind: 'duplicate' }, { kind: 'accepted', events: 1 }, { kind: 'duplicate' }]);
    expect(await store.headPosition()).toBe(head + 1);
  });

  it('names why a command cannot be accepted, and the rest of the batch goes on', async () => {
    const decision = await decideAndAppend(new BatchDecider(store, 'kafka:test', { clock }), [
      task(progress('VII.99', 'a', 10), 'unknown-task'),
      task(progress('I.1', 'khong-co', 10), 'unknown-unit'),
      task(
        { type: 'AssignTask', planYear: 2025, taskId: 'I.1', unitId: 'khong-co', role: 'coordinator', at },
        'assign',
      ),
      task({ type: 'ReturnProduct', planYear: 2025, taskId: 'I.1', unitId: 'a', reason: 'thiếu', at }, 'rule'),
      unit(
        { type: 'EstablishUnit', at, unitId: 'c', name: 'C', kind: 'phong', parentId: 'khong-co', shortNames: [] },
        'parent',
      ),
      task(progress('I.1', 'a', 50), 'ok'),
    ]);
    expect(decision.verdicts.map((v) => (v.kind === 'rejected' ? v.reason : v.kind))).toEqual([
      'unknown-task',
      'unknown-unit',
      'unknown-unit',
      'rule-violation',
      'unknown-unit',
      'accepted',
    ]);
    const [, unknownUnit, , rule] = decision.verdicts;
    expect(unknownUnit).toMatchObject({ message: 'đơn vị không tồn tại — unknown unit: khong-co' });
    expect(rule).toMatchObject({ message: expect.stringContaining('PRODUCT_NOT_SUBMITTED') });
    expect(decision.eventCount).toBe(1);
  });

  it('refuses a command dated days ago unless it says it is history the office knew, or late news', async () => {
    const old = { ...progress('I.1', 'a', 10), at: '2025-02-01T09:00:00+07:00' };
    const decision = await decideAndAppend(new BatchDecider(store, 'kafka:test', { clock }), [
      task(old, 'unexplained'),
      {
        ...task(old, 'history'),
        envelope: {
          ...task(old, '').envelope,
          commandId: 'history',
          entry: { kind: 'backfill', knownAt: '2025-02-01T03:00:00.000Z', reason: 'sổ giấy' },
        },
      },
      {
        ...task(old, 'late'),
        envelope: { ...task(old, '').envelope, commandId: 'late', entry: { kind: 'late', reason: 'đơn vị báo muộn' } },
      },
    ]);
    expect(decision.verdicts).toEqual([
      { kind: 'rejected', reason: 'rule-violation', message: expect.stringContaining('LATE_ENTRY_UNEXPLAINED') },
      { kind: 'accepted', events: 1 },
      { kind: 'accepted', events: 1 },
    ]);
    const log = await store.readStream('task-2025-I.1');
    expect(log.slice(-2).map((e) => e.metadata)).toMatchObject([
      { source: 'backfill', knownAt: '2025-02-01T03:00:00.000Z', reason: 'sổ giấy' },
      { source: 'kafka', reason: 'đơn vị báo muộn' },
    ]);
  });

  it('refuses a task defined under a plan year that has none', async () => {
    const decision = await decideAndAppend(
      new BatchDecider(store, 'kafka:test', { clock: () => new Date('2026-01-05T10:00:00+07:00') }),
      [
        task(
          {
            type: 'DefineTask',
            at: '2026-01-05T09:00:00+07:00',
            planYear: 2026,
            taskId: 'I.1',
            area: 'I',
            title: 'T',
            product: 'P',
            deadline: { kind: 'ongoing', text: 'Thường xuyên' },
            lead: ['a'],
            coordinators: [],
          },
          'define-2026',
        ),
      ],
    );
    expect(decision.verdicts[0]).toMatchObject({
      kind: 'rejected',
      reason: 'rule-violation',
      message: expect.stringContaining('PLAN_NOT_ISSUED'),
    });
  });

  it('decides each command on the state the commands before it left, within and across batches', async () => {
    const decider = new BatchDecider(store, 'kafka:test', { clock });
    const submit = {
      type: 'SubmitProduct',
      planYear: 2025,
      taskId: 'I.1',
      unitId: 'a',
      productRef: 'BC-1',
      at,
    } as const;
    const returned = {
      type: 'ReturnProduct',
      planYear: 2025,
      taskId: 'I.1',
      unitId: 'a',
      reason: 'thiếu',
      at,
    } as const;
    const first = await decideAndAppend(decider, [task(returned, 'r0'), task(submit, 's1'), task(returned, 'r1')]);
    expect(first.verdicts.map((v) => v.kind)).toEqual(['rejected', 'accepted', 'accepted']);
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (...args) => {
      reads += 1;
      return readStream(...args);
    };
    const second = await decideAndAppend(decider, [task(returned, 'r2'), task(submit, 's2')]);
    expect(second.verdicts.map((v) => v.kind)).toEqual(['rejected', 'accepted']);
    // What the first batch read and wrote is kept: the second reads no stream again.
    expect(reads).toBe(0);
  });

  it('a stream moved by another writer makes the append fail; after invalidate() it is decided again', async () => {
    const decider = new BatchDecider(store, 'kafka:test', { clock });
    await decideAndAppend(decider, [task(progress('I.1', 'a', 10), 'k1')]);
    await handleCommand(store, progress('I.1', 'a', 15), { ...office, commandId: 'other-writer' });
    const stale = await decider.decide([task(progress('I.1', 'a', 20), 'k2')]);
    await expect(stale.append()).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    decider.invalidate();
    const fresh = await decideAndAppend(decider, [task(progress('I.1', 'a', 20), 'k2')]);
    expect(fresh.verdicts).toEqual([{ kind: 'accepted', events: 1 }]);
    expect(await store.streamRevision('task-2025-I.1')).toBe(3);
  });

  it('decides the department index’s steps from the topic by the same rules: evidence recorded, at most the maximum', async () => {
    const evidence = 'cd'.repeat(32);
    await recordEvidenceFile(store, evidence, at, 'evidence-1');
    const head = await store.headPosition();
    const decision = await decideAndAppend(new BatchDecider(store, 'kafka:test', { clock }), [
      selfScore('1.3', 1.5, evidence),
      selfScore('1.4', 9, evidence),
      selfScore('2.1', 3, 'ef'.repeat(32)),
    ]);
    expect(decision.verdicts[0]).toEqual({ kind: 'accepted', events: 1 });
    expect(
      decision.verdicts
        .slice(1)
        .map((v) => v.kind === 'rejected' && [v.reason, /\[rule (\w+)\]/u.exec(v.message)?.[1]]),
    ).toEqual([
      ['rule-violation', 'INDEX_VALUE_OUT_OF_RANGE'],
      ['rule-violation', 'EVIDENCE_FILE_UNKNOWN'],
    ]);
    const log = await store.readAll({ fromPosition: head + 1 });
    expect(log.map((e) => [e.streamId, e.type, e.metadata.actor])).toEqual([
      ['cchc-index-so-a-2025', 'CriterionSelfScored', 'he-thong-so'],
    ]);
  });
});
