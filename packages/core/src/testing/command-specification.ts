import { expect } from 'vitest';
import type { CommandContext } from '../application/command-context.ts';
import type { DecisionEngineOptions } from '../application/decision-engine.ts';
import { handleCommand } from '../application/handle-command.ts';
import type { LedgerCommand } from '../application/ledger-command.ts';
import { type RuleCode, RuleViolationError } from '../deciders/rule-violation.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { openInMemoryStore } from './in-memory-ledger.ts';

const OFFICE: CommandContext = { actor: 'vp-so:spec', source: 'test' };

/** What `then` compares: an event's type and, when given, a part of its data. */
export interface ExpectedEvent {
  readonly type: string;
  readonly streamId?: string;
  readonly data?: Record<string, unknown>;
}

/**
 * given(commands) / when(command) / then(events or a refusal), through the real command engine on
 * the in-memory store: the application layer (cross-stream rules, If-Match, redelivery, merges
 * over the task directory) without DuckDB or a broker. Test code only.
 */
export function commandSpecification(options: { clock?: () => Date; context?: CommandContext } = {}) {
  const context = options.context ?? OFFICE;
  return {
    given(commands: readonly LedgerCommand[]) {
      const ready = (async () => {
        const store = await openInMemoryStore(options.clock ? { clock: options.clock } : {});
        const engine: Pick<DecisionEngineOptions, 'directory' | 'clock'> = {
          directory: store.capabilities.taskDirectory,
          ...(options.clock ? { clock: options.clock } : {}),
        };
        for (const [i, command] of commands.entries()) {
          await handleCommand(store, command, { ...context, commandId: `given-${i}` }, engine);
        }
        return { store, engine };
      })();
      return {
        when(command: LedgerCommand, commandId = 'when-1') {
          const run = async (): Promise<{
            store: LedgerStore;
            head: number;
            result: readonly RecordedEvent[] | Error;
          }> => {
            const { store, engine } = await ready;
            const head = await store.headPosition();
            try {
              await handleCommand(store, command, { ...context, commandId }, engine);
              return { store, head, result: await store.readAll({ fromPosition: head + 1, limit: 100_000 }) };
            } catch (error) {
              return { store, head, result: error instanceof Error ? error : new Error(String(error)) };
            }
          };
          return {
            /** The events appended, in log order; resolves to them for further checks. */
            // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then; the object is never awaited
            async then(expected: readonly ExpectedEvent[]): Promise<readonly RecordedEvent[]> {
              const { store, result } = await run();
              await store.close();
              if (result instanceof Error) throw result;
              expect(
                result.map((e) => ({
                  type: e.type,
                  ...(expected.some((x) => x.streamId) ? { streamId: e.streamId } : {}),
                })),
              ).toEqual(expected.map((x) => ({ type: x.type, ...(x.streamId ? { streamId: x.streamId } : {}) })));
              expected.forEach((x, i) => {
                if (x.data) expect(result[i]!.data).toMatchObject(x.data);
              });
              return result;
            },
            async thenNothingHappened(): Promise<void> {
              const { store, result } = await run();
              await store.close();
              if (result instanceof Error) throw result;
              expect(result).toEqual([]);
            },
            /** Refused with this rule, and nothing was written. */
            async thenRefusedWith(rule: RuleCode): Promise<RuleViolationError> {
              const { store, head, result } = await run();
              const after = await store.headPosition();
              await store.close();
              expect(result, `expected rule ${rule}`).toBeInstanceOf(RuleViolationError);
              const error = result as RuleViolationError;
              expect(error.rule).toBe(rule);
              expect(error.message).toContain(`[rule ${rule}]`);
              expect(after).toBe(head);
              return error;
            },
          };
        },
      };
    },
  };
}
