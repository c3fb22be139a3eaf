import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type PlanEvent, planDecider } from './plan-decider.ts';

const spec = deciderSpecification(planDecider);
const issued: PlanEvent = {
  type: 'PlanIssued',
  data: {
    planId: 'cchc-2025',
    year: 2025,
    title: 'Kế hoạch CCHC năm 2025',
    indicators: [{ id: 'IND-2d-2', text: 'Tỷ lệ thanh toán trực tuyến', comparator: '>', target: 70, unit: '%' }],
    reportSchedule: [],
  },
};

describe('plan decider', () => {
  it('issues a plan once, in its year', () => {
    const command = { type: 'IssuePlan' as const, at: '2025-01-15T08:00:00+07:00', ...issued.data };
    spec.given([]).when(command).then([issued]);
    spec.given([issued]).when(command).thenRefusedWith('PLAN_ALREADY_ISSUED');
    spec
      .given([])
      .when({ ...command, at: '2024-12-20T08:00:00+07:00' })
      .thenRefusedWith('OUTSIDE_PLAN_YEAR');
  });

  it('records a known indicator of an issued plan', () => {
    const at = '2025-06-30T17:00:00+07:00';
    spec
      .given([])
      .when({ type: 'RecordIndicator', year: 2025, indicatorId: 'IND-2d-2', value: 72.5, at })
      .thenRefusedWith('PLAN_NOT_ISSUED');
    spec
      .given([issued])
      .when({ type: 'RecordIndicator', year: 2025, indicatorId: 'khac', value: 1, at })
      .thenRefusedWith('INDICATOR_UNKNOWN');
    spec
      .given([issued])
      .when({ type: 'RecordIndicator', year: 2025, indicatorId: 'IND-2d-2', value: 72.5, period: 'H1', at })
      .then([
        { type: 'IndicatorMeasured', data: { planYear: 2025, indicatorId: 'IND-2d-2', value: 72.5, period: 'H1' } },
      ]);
  });
});
