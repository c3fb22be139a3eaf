import { describe, it } from 'vitest';
import { commandSpecification } from '../testing/command-specification.ts';
import type { LedgerCommand } from './ledger-command.ts';

// Reorganisations through the real command engine on the in-memory store: given the ledger,
// when a unit is merged or split, then the events across its streams (or the refusal).

const at = '2025-04-01T09:00:00+07:00';
const clock = () => new Date('2025-04-01T10:00:00+07:00');
const spec = commandSpecification({ clock });

const unit = (unitId: string): LedgerCommand => ({
  type: 'EstablishUnit',
  at: '2025-01-10T09:00:00+07:00',
  unitId,
  name: `Đơn vị ${unitId}`,
  kind: 'phong',
  shortNames: [],
});
const task = (taskId: string, lead: string[], coordinators: string[] = []): LedgerCommand => ({
  type: 'DefineTask',
  at: '2025-01-10T09:00:00+07:00',
  planYear: 2025,
  taskId,
  area: 'II',
  title: `Nhiệm vụ ${taskId}`,
  product: 'Báo cáo',
  deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
  lead,
  coordinators,
});
const plan: LedgerCommand = {
  type: 'IssuePlan',
  at: '2025-01-10T09:00:00+07:00',
  planId: 'cchc-2025',
  year: 2025,
  title: 'Kế hoạch CCHC 2025',
  indicators: [],
  reportSchedule: [],
};

describe('reorganisations, given/when/then on the in-memory store', () => {
  it('a merge records it on the unit and reassigns each of its lead assignments to the successor', async () => {
    await spec
      .given([plan, unit('a'), unit('b'), task('II.1', ['a']), task('II.2', ['a'], ['b'])])
      .when({ type: 'MergeUnit', unitId: 'a', intoUnitId: 'b', decisionRef: '12/QĐ-STNMT', at })
      .then([
        { type: 'UnitMergedInto', streamId: 'unit-a', data: { intoUnitId: 'b' } },
        { type: 'TaskReassigned', streamId: 'task-2025-II.1', data: { toUnitId: 'b' } },
        { type: 'TaskReassigned', streamId: 'task-2025-II.2', data: { toUnitId: 'b' } },
      ]);
  });

  it('a merge into a unit that does not exist is refused, and nothing is written', async () => {
    await spec
      .given([plan, unit('a'), task('II.1', ['a'])])
      .when({ type: 'MergeUnit', unitId: 'a', intoUnitId: 'ghost', decisionRef: '12/QĐ', at })
      .thenRefusedWith('MERGE_TARGET_UNKNOWN');
  });

  it('a merge into itself is refused', async () => {
    await spec
      .given([plan, unit('a')])
      .when({ type: 'MergeUnit', unitId: 'a', intoUnitId: 'a', decisionRef: '12/QĐ', at })
      .thenRefusedWith('MERGE_INTO_SELF');
  });

  it('a split records it and hands the assignments to the named successor', async () => {
    await spec
      .given([plan, unit('a'), unit('b'), unit('c'), task('II.1', ['a'])])
      .when({ type: 'SplitUnit', unitId: 'a', intoUnitIds: ['b', 'c'], assignmentsTo: 'c', decisionRef: '13/QĐ', at })
      .then([
        { type: 'UnitSplit', streamId: 'unit-a' },
        { type: 'TaskReassigned', streamId: 'task-2025-II.1', data: { toUnitId: 'c' } },
      ]);
  });

  it('the same merge delivered twice (a retried command id) writes nothing the second time', async () => {
    await spec
      .given([
        plan,
        unit('a'),
        unit('b'),
        task('II.1', ['a']),
        { type: 'MergeUnit', unitId: 'a', intoUnitId: 'b', decisionRef: '12/QĐ', at },
      ])
      .when({ type: 'MergeUnit', unitId: 'a', intoUnitId: 'b', decisionRef: '12/QĐ', at }, 'given-4')
      .thenNothingHappened();
  });
});
