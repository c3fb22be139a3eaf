import type { UnitCommand } from '../commands/unit-commands.ts';
import type { UnitKind } from '../events/domain/common.ts';
import type { DomainEventOf } from '../events/domain/domain-event.ts';
import { localYearOf } from '../time/local-time.ts';
import type { Decider } from './decider.ts';
import { omitUndefined } from './omit-undefined.ts';
import { type RuleCode, type RuleSubject, RuleViolationError } from './rule-violation.ts';

export type UnitEvent = DomainEventOf<
  | 'UnitEstablished'
  | 'UnitRenamed'
  | 'UnitMergedInto'
  | 'UnitSplit'
  | 'PeriodicReportSubmitted'
  | 'InitiativeRecognised'
  | 'CriticismRecorded'
  | 'DisciplinarySanctionRecorded'
>;

export interface UnitState {
  readonly unitId: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly parentId: string | undefined;
  readonly status: 'active' | 'merged' | 'split';
  readonly successorIds: readonly string[];
  /** Periodic reports already submitted, as "2025-Q1". */
  readonly reports: readonly string[];
}

/**
 * The units a command touches (the acting unit and any merge or split target), folded from their
 * streams. Events are written to the acting unit's stream.
 */
export type UnitsState = Readonly<Record<string, UnitState>>;

/** What each unit command attempts, for refusal messages. */
export const UNIT_COMMAND_ACTIONS = {
  EstablishUnit: { vi: 'thành lập đơn vị', en: 'establish unit' },
  RenameUnit: { vi: 'đổi tên đơn vị', en: 'rename unit' },
  MergeUnit: { vi: 'sáp nhập đơn vị', en: 'merge unit' },
  SplitUnit: { vi: 'chia tách đơn vị', en: 'split unit' },
  SubmitPeriodicReport: { vi: 'nộp báo cáo định kỳ', en: 'submit the periodic report' },
  RecogniseInitiative: { vi: 'công nhận sáng kiến', en: 'recognise an initiative' },
  RecordCriticism: { vi: 'ghi nhận phê bình', en: 'record a criticism' },
  RecordSanction: { vi: 'ghi nhận kỷ luật', en: 'record a sanction' },
} as const satisfies Record<UnitCommand['type'], { vi: string; en: string }>;

export const unitDecider: Decider<UnitsState, UnitCommand, UnitEvent> = {
  initialState: () => ({}),

  decide(command, state) {
    const subject: RuleSubject = { action: UNIT_COMMAND_ACTIONS[command.type], unitId: command.unitId };
    const fail = (rule: RuleCode, extra?: { vi: string; en: string }): never => {
      throw new RuleViolationError(rule, subject, extra);
    };
    const unit = state[command.unitId];

    if (command.type === 'EstablishUnit') {
      if (unit) fail('UNIT_ALREADY_ESTABLISHED');
      if (command.parentId && !state[command.parentId]) {
        fail('UNIT_UNKNOWN', { vi: `đơn vị cấp trên ${command.parentId}`, en: `parent unit ${command.parentId}` });
      }
      const { type: _type, at: _at, ...data } = command;
      return [{ type: 'UnitEstablished', data: omitUndefined(data) }];
    }

    if (!unit) return fail('UNIT_UNKNOWN');
    if (unit.status !== 'active') fail('UNIT_INACTIVE');

    switch (command.type) {
      case 'RenameUnit':
        if (unit.name === command.name) fail('NAME_UNCHANGED');
        return [
          {
            type: 'UnitRenamed',
            data: omitUndefined({
              unitId: command.unitId,
              name: command.name,
              previousName: unit.name,
              decisionRef: command.decisionRef,
            }),
          },
        ];
      case 'MergeUnit': {
        if (command.intoUnitId === command.unitId) fail('MERGE_INTO_SELF');
        const target = state[command.intoUnitId];
        const into = { vi: command.intoUnitId, en: command.intoUnitId };
        if (!target) fail('MERGE_TARGET_UNKNOWN', into);
        if (target!.status !== 'active') fail('MERGE_TARGET_INACTIVE', into);
        return [
          {
            type: 'UnitMergedInto',
            data: { unitId: command.unitId, intoUnitId: command.intoUnitId, decisionRef: command.decisionRef },
          },
        ];
      }
      case 'SplitUnit': {
        for (const id of command.intoUnitIds) {
          const target = state[id];
          if (id === command.unitId || !target || target.status !== 'active')
            fail('SPLIT_TARGET_INVALID', { vi: id, en: id });
        }
        const assignmentsTo = command.assignmentsTo ?? command.intoUnitIds[0]!;
        if (!command.intoUnitIds.includes(assignmentsTo))
          fail('SPLIT_TARGET_INVALID', { vi: assignmentsTo, en: assignmentsTo });
        return [
          {
            type: 'UnitSplit',
            data: {
              unitId: command.unitId,
              intoUnitIds: command.intoUnitIds,
              assignmentsTo,
              decisionRef: command.decisionRef,
            },
          },
        ];
      }
      case 'SubmitPeriodicReport': {
        // A report received on paper is dated by its receipt, whenever it is typed in.
        const dated = command.receivedOn ?? command.at;
        const year = command.receivedOn ? Number(command.receivedOn.slice(0, 4)) : localYearOf(command.at);
        if (year !== command.year) {
          fail('OUTSIDE_PLAN_YEAR', {
            vi: `${dated} thuộc năm ${year}, báo cáo năm ${command.year}`,
            en: `${dated} is in ${year}, the report is for ${command.year}`,
          });
        }
        if (unit.reports.includes(`${command.year}-${command.period}`)) {
          fail('REPORT_ALREADY_SUBMITTED', {
            vi: `${command.period}/${command.year}`,
            en: `${command.period}/${command.year}`,
          });
        }
        return [
          {
            type: 'PeriodicReportSubmitted',
            data: omitUndefined({
              unitId: command.unitId,
              year: command.year,
              period: command.period,
              reportRef: command.reportRef,
              receivedOn: command.receivedOn,
              incomingRef: command.incomingRef,
            }),
          },
        ];
      }
      case 'RecogniseInitiative':
        return [
          {
            type: 'InitiativeRecognised',
            data: omitUndefined({
              unitId: command.unitId,
              level: command.level,
              title: command.title,
              decisionRef: command.decisionRef,
            }),
          },
        ];
      case 'RecordCriticism':
        return [
          {
            type: 'CriticismRecorded',
            data: omitUndefined({ unitId: command.unitId, reason: command.reason, documentRef: command.documentRef }),
          },
        ];
      case 'RecordSanction':
        return [
          {
            type: 'DisciplinarySanctionRecorded',
            data: omitUndefined({
              unitId: command.unitId,
              kind: command.kind,
              reason: command.reason,
              decisionRef: command.decisionRef,
            }),
          },
        ];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown unit command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve(state, event) {
    const update = (unitId: string, change: Partial<UnitState>): UnitsState => {
      const current = state[unitId];
      return current ? { ...state, [unitId]: { ...current, ...change } } : state;
    };
    switch (event.type) {
      case 'UnitEstablished':
        return {
          ...state,
          [event.data.unitId]: {
            unitId: event.data.unitId,
            name: event.data.name,
            kind: event.data.kind,
            parentId: event.data.parentId,
            status: 'active',
            successorIds: [],
            reports: [],
          },
        };
      case 'UnitRenamed':
        return update(event.data.unitId, { name: event.data.name });
      case 'UnitMergedInto':
        return update(event.data.unitId, { status: 'merged', successorIds: [event.data.intoUnitId] });
      case 'UnitSplit':
        return update(event.data.unitId, { status: 'split', successorIds: event.data.intoUnitIds });
      case 'PeriodicReportSubmitted': {
        const current = state[event.data.unitId];
        return update(event.data.unitId, {
          reports: [...(current?.reports ?? []), `${event.data.year}-${event.data.period}`],
        });
      }
      case 'InitiativeRecognised':
      case 'CriticismRecorded':
      case 'DisciplinarySanctionRecorded':
        return state;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown unit event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
