import { domainEventSchema } from '@cchc/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, dated, History } from './history.ts';
import { buildHistory, historyRecipe } from './history-arbitrary.ts';

describe('test histories', () => {
  it('are made of events valid against their zod schemas', () => {
    for (const [i, recipe] of fc.sample(historyRecipe, { numRuns: 50, seed: 3 }).entries()) {
      for (const { event } of buildHistory(recipe, `v${i}`).events) {
        expect(domainEventSchema.safeParse({ type: event.type, data: event.data }).error).toBeUndefined();
      }
    }
  });

  it('refuse an event its schema rejects, naming the type', () => {
    expect(() => new History().task('II.3-a', dated('2025-06-30'), ['u'])).toThrow('invalid TaskDefined');
    expect(() => new History().deadline('I.1', '2025-02-30', at('2025-01-10'))).toThrow('invalid DeadlineSet');
  });
});
