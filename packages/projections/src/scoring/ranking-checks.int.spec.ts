import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionEngine } from '../read-models/projection-engine.ts';
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_2026, RulebookYearNotCoveredError } from '../rulebook/rulebook.ts';
import { at, dated, History } from '../testing/history.ts';
import { storeOf } from '../testing/score-histories.ts';
import { compareWithPublished } from './publication-changes.ts';
import { publishRanking, verifyPublishedRanking } from './publish-ranking.ts';
import { diagnoseRanking } from './ranking-diagnosis.ts';
import { computeRankings } from './ranking-service.ts';

const YEAR_END = '2025-12-15T16:59:59.999Z';
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function open(histories: History[]) {
  const { store, append } = await storeOf(histories);
  const engine = await ProjectionEngine.open(store);
  closing.push(async () => {
    engine.close();
    await store.close();
  });
  const catchUp = async () => engine.catchUp(await store.headPosition());
  await catchUp();
  return { store, db: engine.database, append, catchUp };
}

describe('a ranking that differs from its publication says which events changed it', () => {
  it('names an event back-filled after publication with a knownAt before the cutoff (issue 12, observation 7)', async () => {
    const h = new History()
      .plan({ schedule: [] })
      .unit('u')
      .unit('v')
      .task('I.1', dated('2025-06-30'), ['u'])
      .task('II.1', dated('2025-06-30'), ['v'])
      .act('TaskCompleted', 'II.1', 'v', at('2025-06-20'));
    const { store, db, append, catchUp } = await open([h]);
    const [before] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(await compareWithPublished(db, before!)).toBeNull();
    const published = await publishRanking(store, db, before!, { actor: 'vp', source: 'test' });
    await catchUp();

    // Published and unchanged: a later position alone changes the hash, not the events.
    const [again] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(await compareWithPublished(db, again!)).toMatchObject({
      published: { eventId: published.eventId, atPosition: before!.position, inputsHash: before!.inputsHash },
      sameInputsHash: false,
      sameRows: true,
      changes: [],
    });

    // Today (the store clock: 1/12/2026) a completion is back-filled as known on 2/12/2025.
    const late = new History().act('TaskCompleted', 'I.1', 'u', at('2025-11-28'), { knownAt: at('2025-12-02') });
    const storeClock = at('2026-12-01', '10:00');
    late.act('TaskStarted', 'I.1', 'u', at('2025-06-01'), { live: storeClock });
    await append([late]);
    await catchUp();
    const [after] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(after!.rows.find((r) => r.unitId === 'u')!.score).toBeCloseTo((100 * 2) / 3, 9); // 151 days late: L = 0
    const comparison = await compareWithPublished(db, after!);
    expect(comparison).toMatchObject({
      published: { eventId: published.eventId },
      sameInputsHash: false,
      sameRows: false,
    });
    expect(comparison!.changes).toEqual([
      {
        eventId: late.events[0]!.event.eventId,
        type: 'TaskCompleted',
        streamId: 'task-2025-I.1',
        position: expect.any(Number),
        occurredAt: at('2025-11-28'),
        knownAt: at('2025-12-02'),
        recordedAt: storeClock,
        actor: 'test',
        source: 'backfill',
        reason: 'lịch sử thử / test history',
        claimedBy: null,
      },
    ]);
    // The live TaskStarted is recorded after the cutoff: not counted, not a change. The back-dated
    // read model lists both by their true recording time.
    expect(
      await db.rows(`SELECT type, backfilled, back_dated FROM cchc_back_dated(7) WHERE position > $1::BIGINT`, [
        published.position,
      ]),
    ).toEqual([
      { type: 'TaskCompleted', backfilled: true, back_dated: true },
      { type: 'TaskStarted', backfilled: false, back_dated: true },
    ]);
    // The publication itself still verifies at its own position.
    expect((await verifyPublishedRanking(db, published.eventId)).ok).toBe(true);
  });

  it('names the events a knowledge claim recorded after publication made known, and the claim', async () => {
    const live = { live: at('2026-11-30') };
    const h = new History().plan({ schedule: [] }).unit('u').task('I.1', dated('2025-06-30'), ['u']);
    h.act('TaskCompleted', 'I.1', 'u', at('2025-06-20'), live);
    const completion = h.lastEventId;
    const { store, db, append, catchUp } = await open([h]);
    const [before] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(before!.rows[0]!.score).toBe(0);
    await publishRanking(store, db, before!, { actor: 'vp', source: 'test' });
    await append([new History().claim([completion], at('2025-06-21'))]);
    await catchUp();
    const [after] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(after!.rows[0]!.score).toBeCloseTo(100, 9);
    const changes = (await compareWithPublished(db, after!))!.changes;
    expect(changes.map((c) => [c.type, c.knownAt, c.claimedBy !== null])).toEqual([
      ['TaskCompleted', at('2025-06-21'), true],
      ['KnowledgeClaimed', at('2025-06-21'), false],
    ]);
    expect(changes[0]!.claimedBy).toBe(changes[1]!.eventId);
  });
});

describe('an empty ranking explains itself', () => {
  it('a plan applied live after its year: known only then, its events left out, the repair a knowledge claim (issue 12, observation 2)', async () => {
    const today = { live: at('2026-11-30', '09:00') };
    const h = new History()
      .plan(today)
      .unit('u', today)
      .task('I.1', dated('2025-06-30'), ['u'], [], today)
      .act('TaskCompleted', 'I.1', 'u', at('2025-06-20'), today);
    const { db, append, catchUp } = await open([h]);
    const position = (await db.value<number>(`SELECT max(global_position) FROM events`))!;
    const [empty] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(empty!.rows).toEqual([]);
    const diagnosis = await diagnoseRanking(db, { year: 2025, asOf: YEAR_END, position });
    expect(diagnosis).toEqual({
      asOf: YEAR_END,
      position,
      year: 2025,
      planId: null,
      plans: ['cchc-2025'],
      findings: [
        {
          code: 'PLAN_KNOWN_AFTER_AS_OF',
          planId: 'cchc-2025',
          eventId: h.events[0]!.event.eventId,
          occurredAt: at('2025-01-02'),
          knownAt: at('2026-11-30', '09:00'),
          recordedAt: at('2026-11-30', '09:00'),
          repair: 'knowledge_claim',
        },
        {
          code: 'EVENTS_LEFT_OUT',
          planId: 'cchc-2025',
          count: 4,
          knownAfter: 4,
          occurredAfter: 0,
          firstKnownAt: at('2026-11-30', '09:00'),
          lastKnownAt: at('2026-11-30', '09:00'),
        },
      ],
    });
    expect((await diagnoseRanking(db, { year: 2024, asOf: YEAR_END, position })).findings).toEqual([
      { code: 'NO_PLAN', year: 2024, planId: null },
    ]);
    // The repair: the office claims it had the plan (and the rest) in 2025.
    await append([
      new History().claim(
        h.events.slice(0, 3).map((e) => e.event.eventId!),
        at('2025-01-02', '10:00'),
      ),
    ]);
    await catchUp();
    const head = (await db.value<number>(`SELECT max(global_position) FROM events`))!;
    const repaired = await diagnoseRanking(db, { year: 2025, asOf: YEAR_END, position: head });
    // Only the completion, entered live and not claimed, is still left out.
    expect(repaired.findings).toEqual([
      expect.objectContaining({ code: 'EVENTS_LEFT_OUT', count: 1, knownAfter: 1, occurredAfter: 0 }),
    ]);
    const [ranked] = await computeRankings(db, { rulebook: DEFAULT_RULEBOOK, asOf: YEAR_END });
    expect(ranked!.rows).toMatchObject([{ unitId: 'u', score: 0 }]);
    // Asked at an earlier position, the later events are counted as after it.
    expect((await diagnoseRanking(db, { year: 2025, asOf: YEAR_END, position: 2 })).findings).toContainEqual({
      code: 'EVENTS_AFTER_POSITION',
      planId: 'cchc-2025',
      count: 2,
    });
  });

  it('a plan asked about before it was issued, and one with nobody holding an assignment', async () => {
    const h = new History().plan({ at: at('2025-02-01') });
    const { db } = await open([h]);
    const early = await diagnoseRanking(db, { planId: 'cchc-2025', asOf: at('2025-01-15'), position: 100 });
    expect(early.findings).toEqual([
      { code: 'PLAN_ISSUED_AFTER_AS_OF', planId: 'cchc-2025', eventId: h.lastEventId, occurredAt: at('2025-02-01') },
      expect.objectContaining({ code: 'EVENTS_LEFT_OUT', count: 1, occurredAfter: 1 }),
    ]);
    expect((await diagnoseRanking(db, { year: 2025, asOf: YEAR_END, position: 100 })).findings).toEqual([
      { code: 'NO_UNITS', planId: 'cchc-2025' },
    ]);
  });
});

describe('rankings by plan year', () => {
  it('rank each plan with the shipped default of its year and refuse a year the rulebook does not cover, naming both (issue 12, observation 5)', async () => {
    const { db } = await open([new History().plan().unit('u').task('I.1', dated('2025-06-30'), ['u'])]);
    const [r2025] = await computeRankings(db, { year: 2025, now: at('2026-12-01') });
    expect(r2025).toMatchObject({ rulebook: { id: 'default-2025', version: 1 }, asOf: YEAR_END, provisional: false });
    await expect(computeRankings(db, { year: 2025, rulebook: DEFAULT_RULEBOOK_2026 })).rejects.toThrow(
      RulebookYearNotCoveredError,
    );
    await expect(computeRankings(db, { year: 2025, rulebook: DEFAULT_RULEBOOK_2026 })).rejects.toThrow(
      /default-2026@1.*2025/,
    );
  });

  it('score the views "as known now" each plan year with the default that covers it, leaving out a year none covers', async () => {
    const plan = (year: number) =>
      new History(`y${year}`, year)
        .plan({ schedule: [] })
        .unit('u')
        .task('I.1', dated(`${year}-01-31`), ['u'])
        .act('TaskCompleted', 'I.1', 'u', at(`${year}-01-20`));
    // A 2027 plan issued early, with a task already completed: it would score 100 on another year's calendar.
    const early = { at: at('2026-11-02') };
    const y2027 = new History('y2027', 2027)
      .plan({ ...early, schedule: [] })
      .unit('u', early)
      .task('I.1', dated('2027-03-31'), ['u'], [], early)
      .act('TaskCompleted', 'I.1', 'u', at('2026-11-15'));
    const { db } = await open([plan(2025), plan(2026), y2027]);
    expect(
      await db.value(`SELECT count(*) FROM cchc_ranking(now(), 9223372036854775807::BIGINT, 'default-2026@1')`),
    ).toBe(3);
    expect(await db.rows(`SELECT plan_id, year, score FROM ranking_now ORDER BY year`)).toEqual([
      { plan_id: 'cchc-2025-y2025', year: 2025, score: 100 },
      { plan_id: 'cchc-2026-y2026', year: 2026, score: 100 },
    ]);
    expect(await db.value(`SELECT count(DISTINCT plan_id) FROM progress_by_area`)).toBe(2);
  });
});
