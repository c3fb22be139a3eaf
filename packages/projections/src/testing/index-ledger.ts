import { at, dated, History, ongoing } from './history.ts';

/**
 * A small ledger for the department index's derived criteria (hand computations in
 * department-index/derived-criteria.int.spec.ts): units u and v, five tasks, eight reports due,
 * three indicators, initiatives of 2024 and 2025.
 */
export function indexLedger(scope = ''): History {
  return (
    new History(scope)
      // Deadline 15/01; issued 20/01: 5 days late → "atMost 15 → 0.5".
      .plan({
        at: at('2025-01-20'),
        indicators: [
          { id: 'IND-TT', text: 'Thanh toán trực tuyến > 70%', comparator: '>', target: 70, unit: '%' },
          { id: 'IND-DD', text: 'Định danh điện tử 100%', comparator: '>=', target: 100, unit: '%' },
          { id: 'IND-SH', text: 'Số hóa hồ sơ ≥ 50%', comparator: '>=', target: 50, unit: '%' },
        ],
      })
      .unit('u', { at: at('2025-01-02') })
      .unit('v', { at: at('2025-01-02') })
      .task('I.1', dated('2025-06-30'), ['u'], [], { at: at('2025-01-21') })
      .task('I.2', dated('2025-09-30'), ['u', 'v'], [], { at: at('2025-01-21') })
      .task('II.1', dated('2025-03-31'), ['v'], [], { at: at('2025-01-21') })
      .task('II.2', ongoing, ['u'], [], { at: at('2025-01-21') })
      .task('III.1', dated('2025-11-30'), ['v'], [], { at: at('2025-01-21') })
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-20'))
      .act('TaskCompleted', 'I.2', 'u', at('2025-09-20'))
      .act('TaskCompleted', 'II.1', 'v', at('2025-04-15'))
      .report('u', 'Q1', at('2025-03-05'))
      .report('u', 'H1', at('2025-06-05'))
      .report('u', 'Q3', at('2025-09-05'))
      .report('u', 'Y', at('2025-12-05'))
      .report('v', 'Q1', at('2025-03-10'))
      .report('v', 'H1', at('2025-06-20'))
      .report('v', 'Y', at('2025-12-09'))
      .measure('IND-TT', 75, at('2025-11-30'))
      .measure('IND-DD', 90, at('2025-11-30'))
      .measure('IND-SH', 40, at('2025-06-30'))
      .measure('IND-SH', 60, at('2025-11-30'))
      .initiative('u', 'department', at('2025-07-01'))
      .initiative('v', 'province', at('2025-08-01'))
      .initiative('v', 'province', at('2024-12-20'))
  );
}
