import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS } from './calendar.ts';
import {
  assertRulebookCovers,
  DEFAULT_RULEBOOK,
  DEFAULT_RULEBOOK_2026,
  parseRulebook,
  RulebookYearNotCoveredError,
  rankingRulebookFor,
  rankPrecisionOf,
  rulebookCalendar,
  rulebookYears,
} from './rulebook.ts';

const { calendars: _calendars, rankPrecision: _precision, ...rules2026 } = DEFAULT_RULEBOOK_2026;

describe('rulebooks and their calendars', () => {
  it('keep default-2025 v1 exactly as published rankings stored it (no rankPrecision filled in)', () => {
    expect(createHash('sha256').update(JSON.stringify(DEFAULT_RULEBOOK)).digest('hex')).toBe(
      'e7375442efd4cdb0647b83ba3271676d05481e303ca9e99d78f8ed24012234b5',
    );
    expect(DEFAULT_RULEBOOK).not.toHaveProperty('rankPrecision');
    expect(rankPrecisionOf(DEFAULT_RULEBOOK)).toBe(2);
  });

  it('ship default-2026 with the rules of default-2025 and the 2026 calendar written into its content', () => {
    const { holidays: _holidays, holidayNote: _note, ...rules2025 } = DEFAULT_RULEBOOK;
    expect({ ...rules2026, id: 'x', version: 0, title: '' }).toEqual({ ...rules2025, id: 'x', version: 0, title: '' });
    expect(DEFAULT_RULEBOOK_2026.calendars).toEqual([SHIPPED_CALENDARS.get('vn-2026')]);
    expect(rankPrecisionOf(DEFAULT_RULEBOOK_2026)).toBe(2);
    expect(rulebookCalendar(DEFAULT_RULEBOOK_2026).workingDays).toEqual(['2026-01-10', '2026-08-22']);
  });

  it('cover the years they have a calendar for; a flat holiday list covers the year most of its days are in', () => {
    expect(rulebookYears(DEFAULT_RULEBOOK)).toEqual([2025]);
    expect(rulebookYears(DEFAULT_RULEBOOK_2026)).toEqual([2026]);
    const both = parseRulebook({ ...rules2026, calendars: ['vn-2026', 'vn-2025'] });
    expect(rulebookYears(both)).toEqual([2025, 2026]);
    expect(rulebookYears(parseRulebook({ ...rules2026, holidays: [] }))).toEqual([]);
  });

  it('pick the shipped default of a plan year and refuse a year none covers, naming rulebooks and year', () => {
    expect(rankingRulebookFor(2025)).toBe(DEFAULT_RULEBOOK);
    expect(rankingRulebookFor(2026)).toBe(DEFAULT_RULEBOOK_2026);
    expect(() => rankingRulebookFor(2027)).toThrow(RulebookYearNotCoveredError);
    expect(() => rankingRulebookFor(2027)).toThrow(/2027.*default-2025@1 \(2025\); default-2026@1 \(2026\)/);
    expect(() => assertRulebookCovers(DEFAULT_RULEBOOK, 2026)).toThrow('default-2025@1 (2025)');
    expect(() => assertRulebookCovers(DEFAULT_RULEBOOK_2026, 2026)).not.toThrow();
  });

  it('refuse a rulebook with both or neither of calendars and holidays, an unknown calendar, two calendars of a year', () => {
    expect(() => parseRulebook(rules2026)).toThrow('calendars');
    expect(() => parseRulebook({ ...rules2026, calendars: ['vn-2026'], holidays: [] })).toThrow('calendars');
    expect(() => parseRulebook({ ...rules2026, calendars: ['vn-2099'] })).toThrow('vn-2099');
    expect(() => parseRulebook({ ...rules2026, calendars: ['vn-2026', SHIPPED_CALENDARS.get('vn-2026')] })).toThrow(
      'one calendar per year',
    );
  });

  it('refuse a calendar whose holiday is a weekend day, whose working day is a weekday, or a date of another year', () => {
    const calendar = SHIPPED_CALENDARS.get('vn-2026')!;
    const withDays = (holidays: string[], workingDays: string[]) => ({
      ...rules2026,
      calendars: [
        {
          ...calendar,
          holidays: holidays.map((date) => ({ date, name: 'x' })),
          workingDays: workingDays.map((date) => ({ date, name: 'x' })),
        },
      ],
    });
    expect(() => parseRulebook(withDays(['2026-04-26'], []))).toThrow('2026-04-26'); // a Sunday
    expect(() => parseRulebook(withDays([], ['2026-04-27']))).toThrow('2026-04-27'); // a Monday
    expect(() => parseRulebook(withDays(['2025-12-31'], []))).toThrow('2025-12-31');
    expect(rulebookCalendar(parseRulebook(withDays(['2026-04-27'], ['2026-04-25'])))).toEqual({
      holidays: ['2026-04-27'],
      workingDays: ['2026-04-25'],
    });
  });

  it('ship calendars for 2025 and 2026 with Tết and their sources', () => {
    expect([...SHIPPED_CALENDARS.keys()]).toEqual(['vn-2025', 'vn-2026']);
    const days = (id: string) => SHIPPED_CALENDARS.get(id)!.holidays.map((h) => h.date);
    expect(days('vn-2025')).toEqual(expect.arrayContaining(['2025-01-27', '2025-01-31', '2025-04-07', '2025-09-02']));
    expect(days('vn-2026')).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-20', '2026-04-27', '2026-09-01']));
    // default-2025 v1 keeps its own list (published rankings used it): the working Saturday 26/4 is only in vn-2025.
    expect(DEFAULT_RULEBOOK.holidays).toEqual([...days('vn-2025'), '2026-01-01']);
    expect(SHIPPED_CALENDARS.get('vn-2025')!.workingDays.map((d) => d.date)).toEqual(['2025-04-26']);
    for (const calendar of SHIPPED_CALENDARS.values()) expect(calendar.sources.length).toBeGreaterThan(0);
  });
});
