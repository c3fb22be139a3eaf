import type { EvidenceCommand } from '../commands/evidence-commands.ts';
import type { DomainEventOf } from '../events/domain/domain-event.ts';
import type { Decider } from './decider.ts';
import { omitUndefined } from './omit-undefined.ts';

export type EvidenceEvent = DomainEventOf<'EvidenceFileAdded'>;

export type EvidenceState =
  | { readonly recorded: false }
  | { readonly recorded: true; readonly file: EvidenceEvent['data'] };

/** What each evidence command attempts, for refusal messages. */
export const EVIDENCE_COMMAND_ACTIONS = {
  AddEvidenceFile: { vi: 'thêm tài liệu kiểm chứng', en: 'add the evidence file' },
} as const satisfies Record<EvidenceCommand['type'], { vi: string; en: string }>;

/** The command's actor, which the decider cannot see: the engine passes it in. */
export type EvidenceCommandWithActor = EvidenceCommand & { readonly uploadedBy: string };

/**
 * One evidence file per stream. The same bytes added again record nothing: the first upload's
 * name, uploader and unit stand (content addressing makes them the same file).
 */
export const evidenceDecider: Decider<EvidenceState, EvidenceCommandWithActor, EvidenceEvent> = {
  initialState: () => ({ recorded: false }),

  decide(command, state) {
    switch (command.type) {
      case 'AddEvidenceFile': {
        if (state.recorded) return [];
        const { type: _type, at: _at, ...data } = command;
        return [{ type: 'EvidenceFileAdded', data: omitUndefined(data) }];
      }
      default: {
        const never: never = command.type;
        throw new TypeError(`unknown evidence command ${String(never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'EvidenceFileAdded':
        return state.recorded ? state : { recorded: true, file: event.data };
      default: {
        const never: never = event.type;
        throw new TypeError(`unknown evidence event ${String(never)}`);
      }
    }
  },
};
