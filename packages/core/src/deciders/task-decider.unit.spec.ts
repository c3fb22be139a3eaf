import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type TaskEvent, taskDecider } from './task-decider.ts';

const spec = deciderSpecification(taskDecider);
const at = '2025-05-10T09:00:00+07:00';

const defined: TaskEvent = {
  type: 'TaskDefined',
  data: {
    planYear: 2025,
    taskId: 'II.3',
    area: 'II',
    title: 'Số hóa hồ sơ, kết quả giải quyết TTHC',
    product: '100% hồ sơ được số hóa',
    deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
    lead: ['vpdkdd', 'ccqldd'],
    coordinators: ['vp-so'],
  },
};
const conditional: TaskEvent = {
  type: 'TaskDefined',
  data: {
    planYear: 2025,
    taskId: 'VII.1',
    area: 'VII',
    title: 'Ban hành Kế hoạch tuyên truyền CCHC năm 2025',
    product: 'Kế hoạch của Sở',
    deadline: { kind: 'conditional', text: 'Theo chỉ đạo của UBND tỉnh', condition: 'Theo chỉ đạo của UBND tỉnh' },
    lead: ['vp-so'],
    coordinators: [],
  },
};
const completed: TaskEvent = { type: 'TaskCompleted', data: { taskId: 'II.3', unitId: 'vpdkdd' } };
const submitted: TaskEvent = { type: 'ProductSubmitted', data: { taskId: 'II.3', unitId: 'vpdkdd' } };

describe('task decider', () => {
  it('defines a task once', () => {
    const { data } = defined as Extract<TaskEvent, { type: 'TaskDefined' }>;
    spec
      .given([])
      .when({ type: 'DefineTask', at, ...data })
      .then([defined]);
    spec
      .given([defined])
      .when({ type: 'DefineTask', at, ...data })
      .thenRefusedWith('TASK_ALREADY_DEFINED', { taskId: 'II.3' });
  });

  it('refuses a task without any lead unit', () => {
    const { data } = defined as Extract<TaskEvent, { type: 'TaskDefined' }>;
    spec
      .given([])
      .when({ type: 'DefineTask', at, ...data, lead: [] })
      .thenRefusedWith('TASK_HAS_NO_LEAD');
  });

  it('completes a lead assignment', () => {
    spec
      .given([defined])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .then([completed]);
  });

  it('refuses to complete an assignment twice', () => {
    spec
      .given([defined, completed])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .thenRefusedWith('ASSIGNMENT_ALREADY_COMPLETED', { taskId: 'II.3', unitId: 'vpdkdd' });
  });

  it('refuses to complete a cancelled assignment', () => {
    const cancelled: TaskEvent = {
      type: 'TaskCancelled',
      data: { taskId: 'II.3', unitId: 'vpdkdd', reason: 'Không còn phù hợp' },
    };
    const error = spec
      .given([defined, cancelled])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .thenRefusedWith('ASSIGNMENT_CANCELLED', { taskId: 'II.3', unitId: 'vpdkdd' });
    expect(error.vi).toContain('Không thể hoàn thành nhiệm vụ II.3 của đơn vị vpdkdd');
    expect(error.en).toContain('cannot complete task II.3 for unit vpdkdd');
  });

  it('refuses anything on a task cancelled as a whole', () => {
    const cancelled: TaskEvent = { type: 'TaskCancelled', data: { taskId: 'II.3', reason: 'Bãi bỏ' } };
    spec
      .given([defined, cancelled])
      .when({ type: 'StartTask', planYear: 2025, taskId: 'II.3', unitId: 'ccqldd', at })
      .thenRefusedWith('ASSIGNMENT_CANCELLED');
  });

  it('refuses a unit that is not assigned to the task', () => {
    spec
      .given([defined])
      .when({
        type: 'ReportProgress',
        planYear: 2025,
        taskId: 'II.3',
        unitId: 'do-dac',
        at,
        percent: 40,
        evidenceRefs: [],
      })
      .thenRefusedWith('UNIT_NOT_ASSIGNED', { taskId: 'II.3', unitId: 'do-dac' });
  });

  it('lets only a lead unit submit or complete', () => {
    spec
      .given([defined])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vp-so', at })
      .thenRefusedWith('ONLY_LEAD_MAY_COMPLETE');
    spec
      .given([defined])
      .when({ type: 'SubmitProduct', planYear: 2025, taskId: 'II.3', unitId: 'vp-so', at })
      .thenRefusedWith('ONLY_LEAD_MAY_COMPLETE');
    spec
      .given([defined])
      .when({
        type: 'ReportProgress',
        planYear: 2025,
        taskId: 'II.3',
        unitId: 'vp-so',
        at,
        percent: 10,
        evidenceRefs: [],
      })
      .then([{ type: 'ProgressReported', data: { taskId: 'II.3', unitId: 'vp-so', percent: 10, evidenceRefs: [] } }]);
  });

  it('refuses a deadline change without a decision reference', () => {
    spec
      .given([conditional])
      .when({ type: 'SetDeadline', planYear: 2025, taskId: 'VII.1', due: '2025-09-30', at })
      .thenRefusedWith('DECISION_REFERENCE_REQUIRED', { taskId: 'VII.1' });
    spec
      .given([conditional])
      .when({ type: 'SetDeadline', planYear: 2025, taskId: 'VII.1', due: '2025-09-30', decisionRef: '   ', at })
      .thenRefusedWith('DECISION_REFERENCE_REQUIRED');
  });

  it('sets a deadline for a conditional task by decision, then moves it', () => {
    const set: TaskEvent = {
      type: 'DeadlineSet',
      data: { taskId: 'VII.1', due: '2025-09-30', decisionRef: '123/QĐ-UBND' },
    };
    spec
      .given([conditional])
      .when({
        type: 'SetDeadline',
        planYear: 2025,
        taskId: 'VII.1',
        due: '2025-09-30',
        decisionRef: ' 123/QĐ-UBND ',
        at,
      })
      .then([set]);
    spec
      .given([conditional, set])
      .when({
        type: 'SetDeadline',
        planYear: 2025,
        taskId: 'VII.1',
        due: '2025-10-31',
        decisionRef: '456/QĐ-UBND',
        reason: 'Lùi hạn',
        at,
      })
      .then([
        {
          type: 'DeadlineSet',
          data: {
            taskId: 'VII.1',
            due: '2025-10-31',
            previousDue: '2025-09-30',
            decisionRef: '456/QĐ-UBND',
            reason: 'Lùi hạn',
          },
        },
      ]);
    spec
      .given([conditional, set])
      .when({ type: 'SetDeadline', planYear: 2025, taskId: 'VII.1', due: '2025-09-30', decisionRef: 'x', at })
      .thenRefusedWith('DEADLINE_UNCHANGED');
  });

  it('refuses a command dated outside the plan year', () => {
    spec
      .given([defined])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at: '2026-01-02T08:00:00+07:00' })
      .thenRefusedWith('OUTSIDE_PLAN_YEAR', { taskId: 'II.3', unitId: 'vpdkdd' });
    // 31/12 23:30 local is still 2025 although it is 16:30 UTC on the same day; 01/01 00:30 local is not.
    spec
      .given([defined])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at: '2025-12-31T23:30:00+07:00' })
      .then([completed]);
    spec
      .given([defined])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at: '2025-12-31T17:30:00Z' })
      .thenRefusedWith('OUTSIDE_PLAN_YEAR');
  });

  it('refuses anything on a task that was never defined', () => {
    spec
      .given([])
      .when({ type: 'StartTask', planYear: 2025, taskId: 'II.9', unitId: 'vpdkdd', at })
      .thenRefusedWith('TASK_NOT_DEFINED', { taskId: 'II.9' });
  });

  it('returns only a submitted product and counts the returns', () => {
    spec
      .given([defined])
      .when({ type: 'ReturnProduct', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', reason: 'Thiếu', at })
      .thenRefusedWith('PRODUCT_NOT_SUBMITTED');
    const returned: TaskEvent = {
      type: 'ProductReturned',
      data: { taskId: 'II.3', unitId: 'vpdkdd', reason: 'Thiếu phụ lục' },
    };
    spec
      .given([defined, submitted])
      .when({ type: 'ReturnProduct', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', reason: 'Thiếu phụ lục', at })
      .then([returned]);
    const state = [defined, submitted, returned, submitted, returned].reduce(
      taskDecider.evolve,
      taskDecider.initialState(),
    );
    expect(state.defined && state.assignments.vpdkdd?.returns).toBe(2);
  });

  it('reopens only a completed assignment, after which it can be completed again', () => {
    spec
      .given([defined])
      .when({ type: 'ReopenTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', reason: 'Sai', at })
      .thenRefusedWith('ASSIGNMENT_NOT_COMPLETED');
    const reopened: TaskEvent = {
      type: 'TaskReopened',
      data: { taskId: 'II.3', unitId: 'vpdkdd', reason: 'Sai số liệu' },
    };
    spec
      .given([defined, completed])
      .when({ type: 'ReopenTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', reason: 'Sai số liệu', at })
      .then([reopened]);
    spec
      .given([defined, completed, reopened])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .then([completed]);
  });

  it('starting twice records nothing the second time', () => {
    const started: TaskEvent = { type: 'TaskStarted', data: { taskId: 'II.3', unitId: 'vpdkdd' } };
    spec
      .given([defined])
      .when({ type: 'StartTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .then([started]);
    spec
      .given([defined, started])
      .when({ type: 'StartTask', planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', at })
      .thenNothingHappened();
  });

  it('reassigns an assignment with its history to another unit', () => {
    const moved: TaskEvent = {
      type: 'TaskReassigned',
      data: { taskId: 'II.3', unitId: 'ccqldd', toUnitId: 'snnmt', role: 'lead', reason: 'Sáp nhập' },
    };
    spec
      .given([defined])
      .when({
        type: 'ReassignTask',
        planYear: 2025,
        taskId: 'II.3',
        unitId: 'ccqldd',
        toUnitId: 'snnmt',
        reason: 'Sáp nhập',
        at,
      })
      .then([moved]);
    spec
      .given([defined])
      .when({ type: 'ReassignTask', planYear: 2025, taskId: 'II.3', unitId: 'ccqldd', toUnitId: 'vpdkdd', at })
      .thenRefusedWith('UNIT_ALREADY_ASSIGNED', { unitId: 'vpdkdd' });
    // A lead assignment may replace the target's coordinating one, not the other way round.
    spec
      .given([defined])
      .when({ type: 'ReassignTask', planYear: 2025, taskId: 'II.3', unitId: 'ccqldd', toUnitId: 'vp-so', at })
      .then([{ type: 'TaskReassigned', data: { taskId: 'II.3', unitId: 'ccqldd', toUnitId: 'vp-so', role: 'lead' } }]);
    spec
      .given([defined])
      .when({ type: 'ReassignTask', planYear: 2025, taskId: 'II.3', unitId: 'vp-so', toUnitId: 'vpdkdd', at })
      .thenRefusedWith('UNIT_ALREADY_ASSIGNED');
    spec
      .given([defined, moved])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'ccqldd', at })
      .thenRefusedWith('UNIT_NOT_ASSIGNED');
    spec
      .given([defined, moved])
      .when({ type: 'CompleteTask', planYear: 2025, taskId: 'II.3', unitId: 'snnmt', at })
      .then([{ type: 'TaskCompleted', data: { taskId: 'II.3', unitId: 'snnmt' } }]);
  });

  it('assigns a new unit once', () => {
    const assigned: TaskEvent = {
      type: 'TaskAssigned',
      data: { taskId: 'II.3', unitId: 'do-dac', role: 'coordinator' },
    };
    spec
      .given([defined])
      .when({ type: 'AssignTask', planYear: 2025, taskId: 'II.3', unitId: 'do-dac', role: 'coordinator', at })
      .then([assigned]);
    spec
      .given([defined, assigned])
      .when({ type: 'AssignTask', planYear: 2025, taskId: 'II.3', unitId: 'do-dac', role: 'lead', at })
      .thenRefusedWith('UNIT_ALREADY_ASSIGNED');
  });

  it('excuses a delay of an assigned unit', () => {
    spec
      .given([defined])
      .when({
        type: 'ExcuseDelay',
        planYear: 2025,
        taskId: 'II.3',
        unitId: 'vpdkdd',
        reason: 'Chờ hướng dẫn của Bộ',
        excusedBy: 'vp-so',
        at,
      })
      .then([
        {
          type: 'DelayExcused',
          data: { taskId: 'II.3', unitId: 'vpdkdd', reason: 'Chờ hướng dẫn của Bộ', excusedBy: 'vp-so' },
        },
      ]);
  });
});
