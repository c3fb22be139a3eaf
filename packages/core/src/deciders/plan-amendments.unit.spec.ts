import { describe, it } from 'vitest';
import type { TaskCommand } from '../commands/task-commands.ts';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type TaskEvent, taskDecider } from './task-decider.ts';

const spec = deciderSpecification(taskDecider);
const at = '2025-07-15T09:00:00+07:00';
const decision = { decisionRef: '123/QĐ-STNMT', decidedOn: '2025-07-10' };

const task: Omit<Extract<TaskCommand, { type: 'AddTask' }>, 'type' | 'at' | 'decisionRef' | 'decidedOn'> = {
  planYear: 2025,
  taskId: 'VI.9',
  area: 'VI',
  title: 'Triển khai chữ ký số cho cán bộ',
  product: 'Chứng thư số được cấp',
  deadline: { kind: 'date', due: '2025-11-30', text: 'Tháng 11/2025' },
  lead: ['tt-cntt-tnmt'],
  coordinators: ['vp-so'],
};
const defined: TaskEvent = { type: 'TaskDefined', data: task };
const added: TaskEvent = { type: 'TaskDefined', data: { ...task, addedMidYear: true, ...decision } };

describe('plan amendments (điều chỉnh kế hoạch)', () => {
  it('adds a task mid-year by a decision, marked as added, once', () => {
    const command = { type: 'AddTask', at, ...task } as const;
    spec
      .given([])
      .when({ ...command, ...decision })
      .then([added]);
    spec
      .given([added])
      .when({ ...command, ...decision })
      .thenRefusedWith('TASK_ALREADY_DEFINED', { taskId: 'VI.9' });
  });

  it('refuses an amendment without its decision, without the decision date, or with a decision signed after it takes effect', () => {
    const add = { type: 'AddTask', at, ...task } as const;
    spec.given([]).when(add).thenRefusedWith('DECISION_REFERENCE_REQUIRED');
    spec
      .given([])
      .when({ ...add, decisionRef: decision.decisionRef })
      .thenRefusedWith('DECISION_DATE_REQUIRED');
    spec
      .given([])
      .when({ ...add, decisionRef: decision.decisionRef, decidedOn: '2025-07-16' })
      .thenRefusedWith('DECISION_AFTER_ENTRY');
    spec
      .given([defined])
      .when({ type: 'WithdrawTask', at, planYear: 2025, taskId: 'VI.9', reason: 'không còn phù hợp' })
      .thenRefusedWith('DECISION_REFERENCE_REQUIRED');
  });

  it('amends the title or product, keeping what they were, and refuses an amendment that changes nothing', () => {
    spec
      .given([defined])
      .when({
        type: 'AmendTask',
        at,
        planYear: 2025,
        taskId: 'VI.9',
        title: task.title,
        product: 'Chứng thư số và thiết bị ký số được cấp',
        ...decision,
      })
      .then([
        {
          type: 'TaskAmended',
          data: {
            taskId: 'VI.9',
            product: 'Chứng thư số và thiết bị ký số được cấp',
            previousProduct: task.product,
            ...decision,
          },
        },
      ]);
    spec
      .given([defined])
      .when({ type: 'AmendTask', at, planYear: 2025, taskId: 'VI.9', title: task.title, ...decision })
      .thenRefusedWith('AMENDMENT_CHANGES_NOTHING');
    // The state follows the amendment: amending back to the new product is nothing new.
    spec
      .given([
        defined,
        { type: 'TaskAmended', data: { taskId: 'VI.9', product: 'Mới', previousProduct: task.product, ...decision } },
      ])
      .when({ type: 'AmendTask', at, planYear: 2025, taskId: 'VI.9', product: 'Mới', ...decision })
      .thenRefusedWith('AMENDMENT_CHANGES_NOTHING');
  });

  it('withdraws the whole task by a decision; nothing more can happen to it', () => {
    const withdrawn: TaskEvent = {
      type: 'TaskCancelled',
      data: { taskId: 'VI.9', reason: 'không còn phù hợp', ...decision },
    };
    spec
      .given([defined])
      .when({ type: 'WithdrawTask', at, planYear: 2025, taskId: 'VI.9', reason: 'không còn phù hợp', ...decision })
      .then([withdrawn]);
    spec
      .given([defined, withdrawn])
      .when({ type: 'StartTask', at, planYear: 2025, taskId: 'VI.9', unitId: 'tt-cntt-tnmt' })
      .thenRefusedWith('ASSIGNMENT_CANCELLED');
    spec
      .given([defined, withdrawn])
      .when({ type: 'AmendTask', at, planYear: 2025, taskId: 'VI.9', title: 'Khác', ...decision })
      .thenRefusedWith('ASSIGNMENT_CANCELLED');
  });

  it('a deadline moved by a decision may carry the date it was signed', () => {
    spec
      .given([defined])
      .when({ type: 'SetDeadline', at, planYear: 2025, taskId: 'VI.9', due: '2025-12-10', ...decision })
      .then([
        {
          type: 'DeadlineSet',
          data: { taskId: 'VI.9', due: '2025-12-10', previousDue: '2025-11-30', ...decision },
        },
      ]);
  });
});
