import { AREAS } from '@cchc/core';
import fc from 'fast-check';
import type { TaskActivity } from '../sql/fragments.ts';
import { at, History } from './history.ts';

/**
 * Random histories for the differential tests: tasks of every deadline kind done early, on time,
 * late or not at all, returned, reopened, cancelled, excused; conditional tasks getting deadlines
 * and dated ones moved; ongoing tasks with gaps; reports on time, late across weekends and
 * holidays, or missing, some with the office's receipt date; mergers, splits and reassignments;
 * recognitions; records arriving days late, as backfills (a knownAt claim) or entered live (the
 * store's clock, later than they happened); knowledge claims about live entries; and set-ups
 * (plan, units, tasks) applied live after their time, claimed or not.
 * Events are written in the order they were recorded, as the store would hold them.
 */
export interface HistoryRecipe {
  readonly units: number;
  readonly schedule: readonly { period: 'Q1' | 'H1' | 'Q3' | 'Y'; due: string }[];
  /** `live`: the plan, units and tasks entered live on 10/1/2026; `live-claimed`: then claimed known on 2/1/2025. */
  readonly setUp: 'backfill' | 'live' | 'live-claimed';
  readonly tasks: readonly TaskRecipe[];
  readonly reports: readonly {
    unit: number;
    period: 'Q1' | 'H1' | 'Q3' | 'Y';
    offset: number;
    delay: number;
    live: boolean;
    /** Days from the sending date to the office's receipt date (R-REPORT-RECEIPT), when it gave one. */
    received: number | null;
  }[];
  /** Claims that the office knew some of the live entries (indices, modulo their number) `afterDays` after they happened. */
  readonly claims: readonly { of: readonly number[]; afterDays: number }[];
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
  readonly actions: readonly {
    unit: number;
    type: ActionType;
    date: string;
    time: string;
    delay: number;
    live: boolean;
  }[];
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
/** Entered live (the store's clock `delay` days after it happened) rather than as a backfill. */
const live = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

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
    setUp: fc.constantFrom(
      ...([
        'backfill',
        'backfill',
        'backfill',
        'backfill',
        'backfill',
        'backfill',
        'live',
        'live-claimed',
        'live-claimed',
      ] as const),
    ),
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
            live,
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
        live,
        received: fc.option(fc.integer({ min: -3, max: 8 }), { nil: null, freq: 3 }),
      }),
      { maxLength: 10 },
    ),
    claims: fc.array(
      fc.record({
        of: fc.uniqueArray(fc.nat(30), { minLength: 1, maxLength: 4 }),
        afterDays: fc.integer({ min: 0, max: 6 }),
      }),
      { maxLength: 2 },
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

const SET_UP_LIVE = at('2026-01-10', '10:00');

/** The history a recipe describes, its events in recorded order. */
export function buildHistory(recipe: HistoryRecipe, scope: string): History {
  const setUp = recipe.setUp === 'backfill' ? {} : { live: SET_UP_LIVE };
  const h = new History(scope).plan({ schedule: [...recipe.schedule], ...setUp });
  const unit = (i: number) => `u${i}`;
  for (let i = 0; i < recipe.units; i++) h.unit(unit(i), setUp);
  recipe.tasks.forEach((t, i) => {
    const deadline =
      t.kind === 'date'
        ? { kind: 'date' as const, due: t.due, text: `Trước ${t.due}` }
        : t.kind === 'ongoing'
          ? { kind: 'ongoing' as const, text: 'Thường xuyên' }
          : { kind: 'conditional' as const, text: 'Theo chỉ đạo', condition: 'Theo chỉ đạo' };
    const coordinators = t.coordinator !== null && !t.leads.includes(t.coordinator) ? [unit(t.coordinator)] : [];
    h.task(`${t.area}.${i + 1}`, deadline, t.leads.map(unit), coordinators, setUp);
  });
  if (recipe.setUp === 'live-claimed') {
    h.claim(
      h.events.map((e) => e.event.eventId!),
      at('2025-01-02', '10:00'),
    );
  }

  // Everything after the set-up, then written in recorded order (ties keep the order of writing).
  // A live entry is recorded `delay` days after it happened by the store's clock; a backfill is
  // known then by its claim. Live entries' ids are kept for the knowledge claims.
  const later: { recordedAt: string; seq: number; write: () => void }[] = [];
  const liveEntries: { occurredAt: string; recordedAt: string; id?: string }[] = [];
  const push = (occurredAt: string, delayDays: number, write: (knownAt: string) => void, isLive = false) => {
    const recordedAt = new Date(Date.parse(occurredAt) + delayDays * DAY).toISOString();
    const entry: { occurredAt: string; recordedAt: string; id?: string } | undefined = isLive
      ? { occurredAt, recordedAt }
      : undefined;
    if (entry) liveEntries.push(entry);
    later.push({
      recordedAt,
      seq: later.length,
      write: () => {
        write(recordedAt);
        if (entry) entry.id = h.lastEventId;
      },
    });
  };
  const entry = (isLive: boolean, time: string) => (isLive ? { live: time } : { knownAt: time });

  recipe.tasks.forEach((t, i) => {
    const taskId = `${t.area}.${i + 1}`;
    for (const a of t.actions) {
      const occurredAt = at(a.date, a.time);
      const type = a.type;
      if (type === 'UnitCancel') push(occurredAt, 0, () => h.cancel(taskId, occurredAt, unit(a.unit)));
      else
        push(occurredAt, a.delay, (time) => h.act(type, taskId, unit(a.unit), occurredAt, entry(a.live, time)), a.live);
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
    const sent = addDays(due, r.offset);
    const occurredAt = at(sent, '15:00');
    const receipt =
      r.received === null ? {} : { receivedOn: addDays(sent, r.received), incomingRef: `${r.offset}/CV-Đ` };
    push(
      occurredAt,
      r.delay,
      (time) => h.report(unit(r.unit), r.period, occurredAt, { ...entry(r.live, time), ...receipt }),
      r.live,
    );
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
  // A claim is recorded after the live entries it lists, claiming the office knew them
  // `afterDays` after the last of them happened (so never before one happened).
  for (const c of liveEntries.length > 0 ? recipe.claims : []) {
    const listed = [...new Set(c.of.map((i) => liveEntries[i % liveEntries.length]!))];
    const happened = Math.max(...listed.map((e) => Date.parse(e.occurredAt)));
    const knownAt = new Date(happened + c.afterDays * DAY).toISOString();
    const recordedAt = new Date(Math.max(...listed.map((e) => Date.parse(e.recordedAt))) + 1).toISOString();
    later.push({
      recordedAt,
      seq: later.length,
      write: () =>
        h.claim(
          listed.map((e) => e.id!),
          knownAt,
        ),
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
