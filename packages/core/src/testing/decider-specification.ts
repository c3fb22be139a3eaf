import { expect } from 'vitest';
import type { Decider } from '../deciders/decider.ts';
import { type RuleCode, RuleViolationError } from '../deciders/rule-violation.ts';

/**
 * given(events) / when(command) / then(events or error), after Emmett's DeciderSpecification.
 * Test code only.
 */
export function deciderSpecification<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then; the object is never awaited
            then(expected: readonly Event[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappened() {
              expect(run()).toEqual([]);
            },
            /** The command is refused with this rule; the message names the rule in both languages. */
            thenRefusedWith(rule: RuleCode, mentions: { taskId?: string; unitId?: string } = {}) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown, `expected rule ${rule}`).toBeInstanceOf(RuleViolationError);
              const error = thrown as RuleViolationError;
              expect(error.rule).toBe(rule);
              expect(error.message).toContain(`[quy tắc ${rule}]`);
              expect(error.message).toContain(`[rule ${rule}]`);
              if (mentions.taskId) expect(error.message).toContain(mentions.taskId);
              if (mentions.unitId) expect(error.message).toContain(mentions.unitId);
              return error;
            },
          };
        },
      };
    },
  };
}
