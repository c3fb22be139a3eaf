import { AREAS } from '@cchc/core';
import fc from 'fast-check';
import type { TaskActivity } from '../sql/fragments.ts';
import { at, History } from './history.ts';

/**
 * Random histories for the differential tests: tasks of every deadline kind done early, on time,
 * late or not at all, returned, reopened, cancelled, excused; conditional tasks getting deadlines
 * and dated ones moved; ongoing tasks with gaps; reports on time, late across weekends and
 * holidays, or missing; mergers, splits and reassignments; recognitions; and records arriving days late.
 * Events are written in the order they were recorded, as the store would hold them.
 */
export interface HistoryRecipe {
  readonly units: number;
  readonly schedule: readonly { period: 'Q1' | 'H1' | 'Q3' | 'Y'; due: string }[];
  readonly tasks: readonly TaskRecipe[];
  readonly reports: readonly { unit: number; period: 'Q1' | 'H1' | 'Q3' | 'Y'; offset: number; delay: number }[];
  /**
   * A merger, or a split into `into` and a new unit. With `keepAssignments` the assignments move to
   * `into`; without, they stay behind and the successor named is the new unit, which holds nothing
   * and is never ranked.
   */
  readonly merge: { from: number; into: number; date: string; split: boolean; keepAssignments: boolean } | null;
  readonly reassign: { task: number; from: number; to: number; date: string } | null;
  readonly recognitions: readonly {
    unit: number;
    kind: 'department' | 'province' | 'criticism' | 'sanction';
    date: string;
  }[];
}

interface TaskRecipe {
  readonly area: (typeof AREAS)[number];
  readonly kind: 'date' | 'ongoing' | 'conditional';
  readonly due: string;
  readonly leads: readonly number[];
  readonly coordinator: number | null;
  readonly actions: readonly { unit: number; type: ActionType; date: string; time: string; delay: number }[];
  readonly deadlineSets: readonly { date: string; due: string; unit: number | null }[];
  readonly cancelTask: string | null;
}

type ActionType = TaskActivity | 'UnitCancel';

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const date = fc.integer({ min: 0, max: 364 }).map((d) => addDays('2025-01-01', d));
const unitIndex = (n: number) => fc.integer({ min: 0, max: n - 1 });
const delay = fc.oneof(
  { weight: 7, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) },
);
// Due dates near weekends and the 2025 holidays, where working-day counting matters.
const reportDue = fc.constantFrom(
  '2025-03-10',
  '2025-03-07',
  '2025-04-25',
  '2025-04-29',
  '2025-06-10',
  '2025-08-29',
  '2025-09-10',
  '2025-12-10',
  '2025-01-24',
);

export const historyRecipe: fc.Arbitrary<HistoryRecipe> = fc.integer({ min: 2, max: 4 }).chain((units) =>
  fc.record({
    units: fc.constant(units),
    schedule: fc.oneof(
      fc.constant([
        { period: 'Q1' as const, due: '2025-03-10' },
        { period: 'H1' as const, due: '2025-06-10' },
        { period: 'Q3' as const, due: '2025-09-10' },
        { period: 'Y' as const, due: '2025-12-10' },
      ]),
      fc.uniqueArray(
        fc.record({
          period: fc.constantFrom('Q1' as const, 'H1' as const, 'Q3' as const, 'Y' as const),
          due: reportDue,
        }),
        {
          selector: (r) => r.period,
          maxLength: 4,
        },
      ),
    ),
    tasks: fc.array(
      fc.record({
        area: fc.constantFrom(...AREAS),
        kind: fc.constantFrom('date' as const, 'date' as const, 'ongoing' as const, 'conditional' as const),
        due: date,
        leads: fc.uniqueArray(unitIndex(units), { minLength: 1, maxLength: 2 }),
        coordinator: fc.option(unitIndex(units), { nil: null }),
        actions: fc.array(
          fc.record({
            unit: unitIndex(units),
            type: fc.constantFrom<ActionType>(
              'TaskStarted',
              'ProgressReported',
              'ProgressReported',
              'ProductSubmitted',
              'ProductReturned',
              'TaskCompleted',
              'TaskCompleted',
              'TaskReopened',
              'DelayExcused',
              'UnitCancel',
            ),
            date,
            time: fc.constantFrom('08:00', '09:30', '16:45', '23:30'),
            delay,
          }),
          { maxLength: 8 },
        ),
        deadlineSets: fc.array(fc.record({ date, due: date, unit: fc.option(unitIndex(units), { nil: null }) }), {
          maxLength: 2,
        }),
        cancelTask: fc.option(date, { nil: null, freq: 12 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    reports: fc.array(
      fc.record({
        unit: unitIndex(units),
        period: fc.constantFrom('Q1' as const, 'H1' as const, 'Q3' as const, 'Y' as const),
        offset: fc.integer({ min: -6, max: 25 }),
        delay,
      }),
      { maxLength: 10 },
    ),
    merge: fc.option(
      fc
        .record({
          from: unitIndex(units),
          into: unitIndex(units),
          date,
          split: fc.boolean(),
          keepAssignments: fc.boolean(),
        })
        .filter((m) => m.from !== m.into),
      { nil: null, freq: 3 },
    ),
    reassign: fc.option(
      fc.record({ task: fc.nat(4), from: unitIndex(units), to: unitIndex(units), date }).filter((r) => r.from !== r.to),
      { nil: null, freq: 6 },
    ),
    recognitions: fc.array(
      fc.record({
        unit: unitIndex(units),
        kind: fc.constantFrom('department' as const, 'province' as const, 'criticism' as const, 'sanction' as const),
        date,
      }),
      { maxLength: 3 },
    ),
  }),
);

/** The history a recipe describes, its events in recorded order. */
export function buildHistory(recipe: HistoryRecipe, scope: string): History {
  const h = new History(scope).plan({ schedule: [...recipe.schedule] });
  const unit = (i: number) => `u${i}`;
  for (let i = 0; i < recipe.units; i++) h.unit(unit(i));
  recipe.tasks.forEach((t, i) => {
    const deadline =
      t.kind === 'date'
        ? { kind: 'date' as const, due: t.due, text: `Trước ${t.due}` }
        : t.kind === 'ongoing'
          ? { kind: 'ongoing' as const, text: 'Thường xuyên' }
          : { kind: 'conditional' as const, text: 'Theo chỉ đạo', condition: 'Theo chỉ đạo' };
    const coordinators = t.coordinator !== null && !t.leads.includes(t.coordinator) ? [unit(t.coordinator)] : [];
    h.task(`${t.area}.${i + 1}`, deadline, t.leads.map(unit), coordinators);
  });

  // Everything after the set-up, then written in recorded order (ties keep the order of writing).
  const later: { recordedAt: string; seq: number; write: () => void }[] = [];
  const push = (occurredAt: string, delayDays: number, write: (recordedAt: string) => void) => {
    const recordedAt = new Date(Date.parse(occurredAt) + delayDays * DAY).toISOString();
    later.push({ recordedAt, seq: later.length, write: () => write(recordedAt) });
  };

  recipe.tasks.forEach((t, i) => {
    const taskId = `${t.area}.${i + 1}`;
    for (const a of t.actions) {
      const occurredAt = at(a.date, a.time);
      const type = a.type;
      if (type === 'UnitCancel') push(occurredAt, 0, () => h.cancel(taskId, occurredAt, unit(a.unit)));
      else
        push(occurredAt, a.delay, (recordedAt) =>
          h.act(type, taskId, unit(a.unit), occurredAt, { knownAt: recordedAt }),
        );
    }
    for (const d of t.deadlineSets) {
      const occurredAt = at(d.date);
      push(occurredAt, 0, () => h.deadline(taskId, d.due, occurredAt, d.unit === null ? undefined : unit(d.unit)));
    }
    if (t.cancelTask !== null) {
      const occurredAt = at(t.cancelTask, '10:00');
      push(occurredAt, 0, () => h.cancel(taskId, occurredAt));
    }
  });
  for (const r of recipe.reports) {
    const due = recipe.schedule.find((s) => s.period === r.period)?.due ?? '2025-06-10';
    const occurredAt = at(addDays(due, r.offset), '15:00');
    push(occurredAt, r.delay, (recordedAt) => h.report(unit(r.unit), r.period, occurredAt, { knownAt: recordedAt }));
  }
  if (recipe.reassign) {
    const task = recipe.tasks[recipe.reassign.task % recipe.tasks.length]!;
    const taskId = `${task.area}.${(recipe.reassign.task % recipe.tasks.length) + 1}`;
    const occurredAt = at(recipe.reassign.date, '11:00');
    const r = recipe.reassign;
    push(occurredAt, 0, () =>
      h.reassign(taskId, unit(r.from), unit(r.to), task.leads.includes(r.from) ? 'lead' : 'coordinator', occurredAt),
    );
  }
  if (recipe.merge) {
    const m = recipe.merge;
    const occurredAt = at(m.date, '08:00');
    push(occurredAt, 0, () => {
      const movesAssignments = !m.split || m.keepAssignments;
      recipe.tasks.forEach((t, i) => {
        if (movesAssignments && t.leads.includes(m.from))
          h.reassign(`${t.area}.${i + 1}`, unit(m.from), unit(m.into), 'lead', occurredAt);
      });
      if (!m.split) h.merge(unit(m.from), unit(m.into), occurredAt);
      else
        h.split(
          unit(m.from),
          [unit(m.into), `${unit(m.from)}-b`],
          m.keepAssignments ? unit(m.into) : `${unit(m.from)}-b`,
          occurredAt,
        );
    });
  }
  for (const g of recipe.recognitions) {
    const occurredAt = at(g.date, '14:00');
    push(occurredAt, 0, () => {
      if (g.kind === 'criticism') h.criticism(unit(g.unit), occurredAt);
      else if (g.kind === 'sanction') h.sanction(unit(g.unit), 'khien_trach', occurredAt);
      else h.initiative(unit(g.unit), g.kind, occurredAt);
    });
  }
  later.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.seq - b.seq));
  for (const item of later) item.write();
  return h;
}

/** Instants worth asking about: quarter ends, report due dates, the cutoff, and random moments. */
export const instant: fc.Arbitrary<string> = fc.oneof(
  fc
    .constantFrom('2025-03-31', '2025-06-10', '2025-06-30', '2025-09-30', '2025-12-14', '2025-12-31')
    .map((d) => new Date(`${d}T23:59:59.999+07:00`).toISOString()),
  fc
    .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2026-01-31T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
);
