import type { PlanCommand } from '../commands/plan-commands.ts';
import type { DomainEventOf } from '../events/domain/domain-event.ts';
import { localYearOf } from '../time/local-time.ts';
import type { Decider } from './decider.ts';
import { omitUndefined } from './omit-undefined.ts';
import { type RuleCode, type RuleSubject, RuleViolationError } from './rule-violation.ts';

export type PlanEvent = DomainEventOf<'PlanIssued' | 'IndicatorMeasured'>;

export type PlanState =
  | { readonly issued: false }
  | { readonly issued: true; readonly year: number; readonly planId: string; readonly indicatorIds: readonly string[] };

/** What each plan command attempts, for refusal messages. */
export const PLAN_COMMAND_ACTIONS = {
  IssuePlan: { vi: 'ban hành kế hoạch', en: 'issue the plan' },
  RecordIndicator: { vi: 'ghi nhận chỉ tiêu', en: 'record the indicator' },
} as const satisfies Record<PlanCommand['type'], { vi: string; en: string }>;

export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = {
  initialState: () => ({ issued: false }),

  decide(command, state) {
    const subject: RuleSubject = { action: PLAN_COMMAND_ACTIONS[command.type] };
    const fail = (rule: RuleCode, extra?: { vi: string; en: string }): never => {
      throw new RuleViolationError(rule, subject, extra);
    };
    const year = localYearOf(command.at);
    const outside = (planYear: number) =>
      fail('OUTSIDE_PLAN_YEAR', {
        vi: `${command.at} thuộc năm ${year}, kế hoạch năm ${planYear}`,
        en: `${command.at} is in ${year}, the plan is for ${planYear}`,
      });

    switch (command.type) {
      case 'IssuePlan': {
        if (state.issued) fail('PLAN_ALREADY_ISSUED', { vi: String(command.year), en: String(command.year) });
        if (year !== command.year) outside(command.year);
        const { type: _type, at: _at, ...data } = command;
        return [{ type: 'PlanIssued', data: omitUndefined(data) }];
      }
      case 'RecordIndicator': {
        if (!state.issued) return fail('PLAN_NOT_ISSUED', { vi: String(command.year), en: String(command.year) });
        if (year !== state.year) outside(state.year);
        if (!state.indicatorIds.includes(command.indicatorId))
          fail('INDICATOR_UNKNOWN', { vi: command.indicatorId, en: command.indicatorId });
        return [
          {
            type: 'IndicatorMeasured',
            data: omitUndefined({
              planYear: state.year,
              indicatorId: command.indicatorId,
              value: command.value,
              period: command.period,
              unitId: command.unitId,
              note: command.note,
            }),
          },
        ];
      }
      default: {
        const unreachable: never = command;
        throw new Error(`unknown plan command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PlanIssued':
        return {
          issued: true,
          year: event.data.year,
          planId: event.data.planId,
          indicatorIds: event.data.indicators.map((i) => i.id),
        };
      case 'IndicatorMeasured':
        return state;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown plan event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
