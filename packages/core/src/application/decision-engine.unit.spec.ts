import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskCommand } from '../commands/task-commands.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { openInMemoryStore } from '../testing/in-memory-ledger.ts';
import type { CommandContext } from './command-context.ts';
import { DecisionEngine } from './decision-engine.ts';
import { handleCommand } from './handle-command.ts';
import type { LedgerCommand } from './ledger-command.ts';

const at = '2025-02-01T09:00:00+07:00';
const office: CommandContext & { commandId: string } = { actor: 'vp-so:test', source: 'test', commandId: 'x' };
const as = (commandId: string) => ({ ...office, commandId });

const plan: LedgerCommand = {
  type: 'IssuePlan',
  at,
  planId: 'p',
  year: 2025,
  title: 'Kế hoạch',
  indicators: [],
  reportSchedule: [],
};
const establish = (unitId: string): LedgerCommand => ({
  type: 'EstablishUnit',
  at,
  unitId,
  name: `Đơn vị ${unitId}`,
  kind: 'phong',
  shortNames: [],
});
const define = (taskId: string, lead: string): TaskCommand => ({
  type: 'DefineTask',
  at,
  planYear: 2025,
  taskId,
  area: 'I',
  title: taskId,
  product: 'Báo cáo',
  deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
  lead: [lead],
  coordinators: [],
});
const progress = (taskId: string, unitId: string, percent: number): TaskCommand => ({
  type: 'ReportProgress',
  planYear: 2025,
  taskId,
  unitId,
  percent,
  evidenceRefs: [],
  at,
});

let store: LedgerStore;
beforeEach(async () => {
  store = await openInMemoryStore();
});
afterEach(() => store.close());

async function given(commands: readonly LedgerCommand[]): Promise<void> {
  for (const [i, command] of commands.entries()) await handleCommand(store, command, as(`given-${i}`));
}

describe('the decision engine', () => {
  it('refuses assigning a task to a unit that does not exist (UNIT_UNKNOWN), writing nothing', async () => {
    await given([plan, establish('a'), define('I.1', 'a')]);
    const head = await store.headPosition();
    await expect(
      handleCommand(
        store,
        { type: 'AssignTask', planYear: 2025, taskId: 'I.1', unitId: 'khong-co', role: 'coordinator', at },
        as('assign'),
      ),
    ).rejects.toMatchObject({ rule: 'UNIT_UNKNOWN', subject: { unitId: 'khong-co' } });
    expect(await store.headPosition()).toBe(head);
  });

  it('keeps the task decider’s rule for an unknown acting unit, and names the unit in the verdict', async () => {
    await given([plan, establish('a'), define('I.1', 'a')]);
    const batch = new DecisionEngine(store).begin();
    const verdict = await batch.stage({ command: progress('I.1', 'khong-co', 5), context: as('p') });
    expect(verdict).toMatchObject({
      kind: 'refused',
      unknownUnits: ['khong-co'],
      error: { rule: 'UNIT_NOT_ASSIGNED' },
    });
  });

  it('lays a batch out in the order of decisions, or grouped by stream when asked', async () => {
    await given([plan, establish('a'), define('I.1', 'a'), define('I.2', 'a')]);
    const order = async (logOrder: 'commands' | 'streams', prefix: string) => {
      const head = await store.headPosition();
      const batch = new DecisionEngine(store).begin({ logOrder });
      for (const [i, [taskId, percent]] of (
        [
          ['I.1', 1],
          ['I.2', 2],
          ['I.1', 3],
        ] as const
      ).entries()) {
        await batch.stage({ command: progress(taskId, 'a', percent), context: as(`${prefix}-${i}`) });
      }
      await batch.append();
      return (await store.readAll({ fromPosition: head + 1 })).map((e) => e.metadata.causationId);
    };
    expect(await order('commands', 'c')).toEqual(['c-0', 'c-1', 'c-2']);
    expect(await order('streams', 's')).toEqual(['s-0', 's-2', 's-1']);
  });

  it('answers a command decided earlier in the same batch as a duplicate, and its events once appended', async () => {
    await given([plan, establish('a'), define('I.1', 'a')]);
    const batch = new DecisionEngine(store).begin();
    expect(await batch.stage({ command: progress('I.1', 'a', 10), context: as('once') })).toMatchObject({
      kind: 'accepted',
      eventCount: 1,
    });
    expect(await batch.stage({ command: progress('I.1', 'a', 10), context: as('once') })).toMatchObject({
      kind: 'duplicate',
    });
    const result = await batch.append();
    expect(result.eventsOf(0).map((e) => e.type)).toEqual(['ProgressReported']);
    expect(result.eventsOf(1)).toEqual([]);
    await expect(batch.stage({ command: progress('I.1', 'a', 20), context: as('late') })).rejects.toThrow(/appended/);
  });

  it('decides a merge over task streams staged in the same batch and not yet in the store', async () => {
    const engine = new DecisionEngine(store, { freshStore: true });
    const batch = engine.begin();
    const commands: LedgerCommand[] = [
      plan,
      establish('a'),
      establish('b'),
      define('I.1', 'a'),
      { type: 'MergeUnit', at, unitId: 'a', intoUnitId: 'b', decisionRef: 'QĐ 1' },
    ];
    for (const [i, command] of commands.entries()) await batch.stage({ command, context: as(`m-${i}`) });
    const result = await batch.append();
    expect(result.eventsOf(4).map((e) => e.type)).toEqual(['UnitMergedInto', 'TaskReassigned']);
  });

  it('a fresh-store engine refuses a store that is not empty', async () => {
    await given([plan]);
    const batch = new DecisionEngine(store, { freshStore: true }).begin();
    await expect(batch.stage({ command: establish('a'), context: as('e') })).rejects.toThrow(/holds 1 events/);
  });
});
