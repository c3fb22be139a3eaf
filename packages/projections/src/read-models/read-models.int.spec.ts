import { type LedgerStore, openLedgerStore } from '@cchc/core';
import { afterEach, describe, expect, it } from 'vitest';
import { at, conditional, dated, History, ongoing } from '../testing/history.ts';
import { storeOf } from '../testing/score-histories.ts';
import { ASSIGNMENT_STATUSES, type AssignmentStatusCode } from './assignment-statuses.ts';
import { FACT_TABLES } from './fact-tables.ts';
import { ProjectionEngine } from './projection-engine.ts';

const opened: { store: LedgerStore; engine: ProjectionEngine }[] = [];
afterEach(async () => {
  for (const { store, engine } of opened.splice(0)) {
    engine.close();
    await store.close();
  }
});

function sampleHistory(): History {
  return new History()
    .plan()
    .unit('a')
    .unit('b')
    .unit('c')
    .task('I.1', dated('2025-03-31'), ['a'], ['b'])
    .act('TaskCompleted', 'I.1', 'a', at('2025-03-20'))
    .task('II.1', dated('2025-04-30'), ['b'])
    .act('ProductSubmitted', 'II.1', 'b', at('2025-05-02'))
    .task('III.1', dated('2025-04-30'), ['c'])
    .task('VI.1', conditional, ['a'])
    .task('VII.1', dated('2025-03-31'), ['c'])
    .act('TaskCompleted', 'VII.1', 'c', at('2025-05-15'))
    .task('IV.1', ongoing, ['b'])
    .act('ProgressReported', 'IV.1', 'b', at('2025-02-01'), { knownAt: at('2025-02-20') })
    .task('V.1', dated('2025-03-31'), ['a'])
    .cancel('V.1', at('2025-03-01'))
    .report('a', 'Q1', at('2025-03-05'))
    .rename('c', 'Đơn vị C mới', at('2025-06-01'))
    .merge('c', 'b', at('2025-07-01'));
}

async function open(history: History) {
  const { store, append } = await storeOf([history]);
  const engine = await ProjectionEngine.open(store);
  opened.push({ store, engine });
  return { store, engine, db: engine.database, append };
}

async function counts(engine: ProjectionEngine): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of FACT_TABLES) out[t.name] = (await engine.database.value<number>(`SELECT count(*) FROM ${t.name}`))!;
  return out;
}

describe('projection engine', () => {
  it('projects in ranges; catching up again counts nothing twice; a rebuild gives the same read models', async () => {
    const { store, engine } = await open(sampleHistory());
    const head = await store.headPosition();
    const seen: number[] = [];
    await engine.catchUp(head, (p) => seen.push(p), 7);
    expect(seen.at(-1)).toBe(head);
    expect(seen.length).toBe(Math.ceil(head / 7));
    const incremental = await counts(engine);
    expect(incremental.rm_tasks).toBe(7);
    await engine.catchUp(head);
    expect(await counts(engine)).toEqual(incremental);
    await engine.rebuild(head);
    expect(await counts(engine)).toEqual(incremental);
    expect(await engine.checkpoint()).toBe(head);
  });

  it('a range that fails leaves neither rows nor checkpoint behind, and the next catch-up completes it', async () => {
    const { store, engine, db } = await open(sampleHistory());
    const head = await store.headPosition();
    await engine.catchUp(10);
    const before = await counts(engine);
    // A failure part-way through the range: the last fact table is missing.
    await db.run(`ALTER TABLE rm_rankings_published RENAME TO rm_rankings_published_away`);
    await expect(engine.catchUp(head)).rejects.toThrow();
    await db.run(`ALTER TABLE rm_rankings_published_away RENAME TO rm_rankings_published`);
    expect(await engine.checkpoint()).toBe(10);
    expect(await counts(engine)).toEqual(before);
    await engine.catchUp(head);
    const after = await counts(engine);
    await engine.rebuild(head);
    expect(await counts(engine)).toEqual(after);
  });

  it('read models of another definition version are rebuilt from position 0', async () => {
    const { store, engine, db } = await open(sampleHistory());
    const head = await store.headPosition();
    await engine.catchUp(head);
    const before = await counts(engine);
    await db.run(`UPDATE projection_checkpoints SET version = -1`);
    engine.close();
    const again = await ProjectionEngine.open(store);
    opened.push({ store, engine: again });
    expect(await again.checkpoint()).toBe(0);
    await again.catchUp(head);
    expect(await counts(again)).toEqual(before);
  });

  it('follows new appends live', async () => {
    const { store, engine, append } = await open(new History().plan().unit('a'));
    await engine.catchUp(await store.headPosition());
    const projected: number[] = [];
    const subscription = await engine.follow(store, (p) => projected.push(p));
    const more = new History().unit('z').task('I.1', dated('2025-03-31'), ['z']);
    await append([more]);
    const head = await store.headPosition();
    for (let i = 0; i < 100 && (await engine.checkpoint()) < head; i++) await new Promise((r) => setTimeout(r, 20));
    await subscription.stop();
    expect(await engine.checkpoint()).toBe(head);
    expect(await engine.database.value(`SELECT count(*) FROM rm_tasks`)).toBe(1);
  });
});

describe('read models', () => {
  const asOf = `TIMESTAMPTZ '2025-06-30 23:59:59.999+07'`;
  const all = '9223372036854775807::BIGINT';

  it('gives each current assignment its status code, with its Vietnamese and English labels beside it', async () => {
    const { store, engine, db } = await open(sampleHistory());
    await engine.catchUp(await store.headPosition());
    const rows = await db.rows<{ task_id: string; unit_id: string; role: string; status: string; status_vi: string }>(
      `SELECT task_id, unit_id, role, status, status_vi FROM cchc_assignments(${asOf}, ${all}, 'default-2025@1') ORDER BY task_id, role`,
    );
    expect(rows).toEqual([
      { task_id: 'I.1', unit_id: 'b', role: 'coordinator', status: 'overdue', status_vi: 'Quá hạn chưa hoàn thành' },
      { task_id: 'I.1', unit_id: 'a', role: 'lead', status: 'done_on_time', status_vi: 'Hoàn thành đúng hạn' },
      { task_id: 'II.1', unit_id: 'b', role: 'lead', status: 'awaiting_confirmation', status_vi: 'Chờ xác nhận' },
      { task_id: 'III.1', unit_id: 'c', role: 'lead', status: 'overdue', status_vi: 'Quá hạn chưa hoàn thành' },
      { task_id: 'IV.1', unit_id: 'b', role: 'lead', status: 'in_progress', status_vi: 'Đang thực hiện trong hạn' },
      { task_id: 'V.1', unit_id: 'a', role: 'lead', status: 'cancelled', status_vi: 'Đã hủy' },
      { task_id: 'VI.1', unit_id: 'a', role: 'lead', status: 'not_triggered', status_vi: 'Không phát sinh' },
      { task_id: 'VII.1', unit_id: 'c', role: 'lead', status: 'done_late', status_vi: 'Hoàn thành trễ hạn' },
    ]);
    const labels = await db.rows<{ status: AssignmentStatusCode; status_vi: string; status_en: string }>(
      `SELECT DISTINCT status, status_vi, status_en FROM assignment_status`,
    );
    expect(labels.length).toBe(new Set(rows.map((r) => r.status)).size);
    for (const r of labels)
      expect([r.status_vi, r.status_en]).toEqual([ASSIGNMENT_STATUSES[r.status].vi, ASSIGNMENT_STATUSES[r.status].en]);
  });

  it('counts lead assignments by area and status, keeps the unit lineage', async () => {
    const { store, engine, db } = await open(sampleHistory());
    await engine.catchUp(await store.headPosition());
    const area = await db.rows(
      `SELECT area, assignments, done_on_time, overdue, cancelled FROM cchc_progress_by_area(${asOf}, ${all}, 'default-2025@1') WHERE area IN ('I', 'III', 'V')`,
    );
    expect(area).toEqual([
      { area: 'I', assignments: 1, done_on_time: 1, overdue: 0, cancelled: 0 },
      { area: 'III', assignments: 1, done_on_time: 0, overdue: 1, cancelled: 0 },
      { area: 'V', assignments: 1, done_on_time: 0, overdue: 0, cancelled: 1 },
    ]);
    const lineage = await db.rows<{
      unit_id: string;
      change: string | null;
      new_name: string | null;
      successor_id: string | null;
    }>(`SELECT unit_id, change, new_name, successor_id FROM unit_lineage WHERE unit_id = 'c'`);
    expect(lineage).toEqual([
      { unit_id: 'c', change: 'renamed', new_name: 'Đơn vị C mới', successor_id: null },
      { unit_id: 'c', change: 'merged', new_name: null, successor_id: 'b' },
    ]);
    const history = await db.rows<{ type: string; percent: number | null }>(
      `SELECT type, percent FROM task_history WHERE task_id = 'IV.1' ORDER BY position`,
    );
    expect(history).toEqual([
      { type: 'TaskDefined', percent: null },
      { type: 'ProgressReported', percent: 50 },
    ]);
  });

  it('lists events entered late by their true recording time, every backfill and every claimed event, with both times and why', async () => {
    const h = new History('bd')
      .plan({ live: at('2025-01-02') })
      .unit('a', { live: at('2025-01-02') })
      .task('I.1', dated('2025-03-31'), ['a'], [], { live: at('2025-01-02') })
      // Entered live 19 days after it happened: back-dated by the store's clock.
      .act('ProgressReported', 'I.1', 'a', at('2025-02-01'), { live: at('2025-02-20') });
    const progress = h.lastEventId;
    // A backfill, typed in on 21/3 (the store's clock) claiming the office knew it on 20/3.
    h.act('TaskCompleted', 'I.1', 'a', at('2025-03-20'), { knownAt: at('2025-03-20', '17:00') })
      .claim([progress], at('2025-02-02'), 'sổ theo dõi tiến độ / progress register')
      .act('TaskStarted', 'I.1', 'a', at('2025-03-21'), { live: at('2025-03-21') });
    const { store, engine, db } = await open(h);
    await engine.catchUp(await store.headPosition());
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT type, round(days_late) AS days, back_dated, backfilled, claimed, CAST(known_at AS VARCHAR) AS known, reason,
              CAST(claimed_known_at AS VARCHAR) AS claimed_known, claim_reason, claim_event IS NOT NULL AS has_claim
       FROM back_dated_events ORDER BY position`,
    );
    expect(rows).toEqual([
      {
        type: 'ProgressReported',
        days: 19,
        back_dated: true,
        backfilled: false,
        claimed: true,
        known: null,
        reason: null,
        claimed_known: '2025-02-02 09:00:00+07',
        claim_reason: 'sổ theo dõi tiến độ / progress register',
        has_claim: true,
      },
      {
        type: 'TaskCompleted',
        days: 1,
        back_dated: false,
        backfilled: true,
        claimed: false,
        known: '2025-03-20 17:00:00+07',
        reason: 'lịch sử thử / test history',
        claimed_known: null,
        claim_reason: null,
        has_claim: false,
      },
      {
        type: 'KnowledgeClaimed',
        days: 47,
        back_dated: true,
        backfilled: true,
        claimed: false,
        known: '2025-02-02 09:00:00+07',
        reason: 'lịch sử thử / test history',
        claimed_known: null,
        claim_reason: null,
        has_claim: false,
      },
    ]);
    // At 30 days only the claim is back-dated; backfills and claimed events are listed whatever N.
    expect(await db.rows(`SELECT type, back_dated FROM cchc_back_dated(30) ORDER BY position`)).toEqual([
      { type: 'ProgressReported', back_dated: false },
      { type: 'TaskCompleted', back_dated: false },
      { type: 'KnowledgeClaimed', back_dated: true },
    ]);
  });

  it('copies the events a knowledge claim lists, whether the claim or the event comes first in the log', async () => {
    const h = new History('cl').plan().unit('a').task('I.1', dated('2025-03-31'), ['a']);
    h.act('TaskCompleted', 'I.1', 'a', at('2025-03-20'), { live: at('2025-05-01') });
    const before = h.lastEventId;
    const ahead = '00000000-0000-4000-8000-000000000001';
    h.claim([before, ahead], at('2025-03-21'));
    const { store, engine, db } = await open(h);
    // Projected one position at a time: the claim comes after the first event, before the second.
    await engine.catchUp(await store.headPosition(), undefined, 1);
    await store.appendToStream('task-2025-cl-I.1', [
      {
        eventId: ahead,
        type: 'TaskStarted',
        data: { taskId: 'I.1', unitId: 'a-cl' },
        metadata: { actor: 'test', source: 'test' },
        occurredAt: at('2025-03-01'),
      },
    ]);
    await engine.catchUp(await store.headPosition(), undefined, 1);
    expect(await db.rows(`SELECT type FROM rm_claimed_events ORDER BY position`)).toEqual([
      { type: 'TaskCompleted' },
      { type: 'TaskStarted' },
    ]);
    const counted = await db.rows(
      `SELECT type FROM cchc_assignment_evidence(TIMESTAMPTZ '2025-04-30 23:59:59+07', 9223372036854775807::BIGINT, 'a-cl') e,
              unnest([e.completed_event]) AS t(id) JOIN events ON event_id = id`,
    );
    expect(counted).toEqual([{ type: 'TaskCompleted' }]);
  });

  it('reads indicators against their targets and an old ProgressReported v1 as v2', async () => {
    const store = await openLedgerStore({ url: ':memory:' });
    // Known as they happened (a backfill's claim), so that an earlier instant can be asked about.
    const meta = (knownAt: string) => ({ actor: 't', source: 'backfill', knownAt, reason: 'thử / test' }) as const;
    await store.appendToStream('plan-2025', [
      {
        type: 'PlanIssued',
        data: {
          planId: 'cchc-2025',
          year: 2025,
          title: 'KH',
          indicators: [{ id: 'IND-1', text: 'Thanh toán trực tuyến', comparator: '>', target: 70, unit: '%' }],
          reportSchedule: [],
        },
        metadata: meta(at('2025-01-02')),
        occurredAt: at('2025-01-02'),
      },
      {
        type: 'IndicatorMeasured',
        data: { planYear: 2025, indicatorId: 'IND-1', value: 65, period: 'Q1' },
        metadata: meta(at('2025-03-31')),
        occurredAt: at('2025-03-31'),
      },
      {
        type: 'IndicatorMeasured',
        data: { planYear: 2025, indicatorId: 'IND-1', value: 72.5, period: 'Q2' },
        metadata: meta(at('2025-06-30')),
        occurredAt: at('2025-06-30'),
      },
    ]);
    await store.appendToStream('task-2025-II.3', [
      {
        type: 'ProgressReported',
        schemaVersion: 1,
        data: { taskId: 'II.3', unitId: 'u', percent: '45,5%', evidence: 'CV 1' },
        metadata: meta(at('2025-02-01')),
        occurredAt: at('2025-02-01'),
      },
    ]);
    const engine = await ProjectionEngine.open(store);
    opened.push({ store, engine });
    await engine.catchUp(await store.headPosition());
    const db = engine.database;
    expect(await db.rows(`SELECT indicator_id, value, period, met FROM indicators_vs_targets`)).toEqual([
      { indicator_id: 'IND-1', value: 72.5, period: 'Q2', met: true },
    ]);
    expect(
      await db.rows(`SELECT indicator_id, value, met FROM cchc_indicators(${asOf.replace('06-30', '04-30')}, ${all})`),
    ).toEqual([{ indicator_id: 'IND-1', value: 65, met: false }]);
    expect(await db.value(`SELECT percent FROM task_history WHERE type = 'ProgressReported'`)).toBe(45.5);
  });
});
