import { describe, expect, it } from 'vitest';
import { eventStruct } from './event-structs.ts';
import { FACT_TABLES } from './fact-tables.ts';

describe('json_transform structures checked against the zod event schemas', () => {
  it('builds every fact table (each of its structures fits its event schema)', () => {
    expect(FACT_TABLES.length).toBeGreaterThan(0);
    for (const table of FACT_TABLES.filter((t) => t.types.length > 0 && !t.range)) {
      expect(table.fill, table.name).toContain('json_transform');
      for (const type of table.types) expect(table.fill, table.name).toContain(`type = '${type}'`);
    }
  });

  it('gives the structure as JSON, fields in the order written, across the members of a union', () => {
    expect(
      eventStruct('TaskDefined', {
        deadline: { kind: 'VARCHAR', due: 'VARCHAR', condition: 'VARCHAR' },
        lead: ['VARCHAR'],
        planYear: 'INTEGER',
      }),
    ).toBe(
      '{"deadline":{"kind":"VARCHAR","due":"VARCHAR","condition":"VARCHAR"},"lead":["VARCHAR"],"planYear":"INTEGER"}',
    );
    expect(eventStruct('PlanIssued', { reportSchedule: [{ period: 'VARCHAR', due: 'VARCHAR' }] })).toBe(
      '{"reportSchedule":[{"period":"VARCHAR","due":"VARCHAR"}]}',
    );
  });

  it('refuses a field the event does not have, at type-check and when built', () => {
    // @ts-expect-error: PlanIssued has planId, not planID
    expect(() => eventStruct('PlanIssued', { planID: 'VARCHAR' })).toThrow('PlanIssued.planID: no such field');
    // @ts-expect-error: no member of the deadline union has `dueDate`
    expect(() => eventStruct('TaskDefined', { deadline: { dueDate: 'VARCHAR' } })).toThrow(
      'TaskDefined.deadline.dueDate: no such field',
    );
  });

  it('refuses a field read as a type of another kind, at type-check and when built', () => {
    // @ts-expect-error: year is a number
    expect(() => eventStruct('PlanIssued', { year: 'VARCHAR' })).toThrow('PlanIssued.year');
    // @ts-expect-error: intoUnitIds is a list
    expect(() => eventStruct('UnitSplit', { intoUnitIds: 'VARCHAR' })).toThrow('UnitSplit.intoUnitIds');
    // @ts-expect-error: rulebook is an object
    expect(() => eventStruct('RankingPublished', { rulebook: 'VARCHAR' })).toThrow('RankingPublished.rulebook');
  });

  it('reads string formats (uuid, ISO instants) as VARCHAR', () => {
    expect(eventStruct('KnowledgeClaimed', { eventIds: ['VARCHAR'], knownAt: 'VARCHAR' })).toBe(
      '{"eventIds":["VARCHAR"],"knownAt":"VARCHAR"}',
    );
  });

  it('reads only .int() numbers as INTEGER or BIGINT', () => {
    expect(eventStruct('IndicatorMeasured', { value: 'DOUBLE', planYear: 'INTEGER' })).toContain('DOUBLE');
    expect(eventStruct('RankingPublished', { position: 'BIGINT' })).toContain('BIGINT');
    expect(() => eventStruct('IndicatorMeasured', { value: 'INTEGER' })).toThrow(
      "IndicatorMeasured.value: the event schema's field cannot be read as INTEGER",
    );
  });
});
