import type { RecordedEvent } from '@cchc/core';
import { describe, expect, it } from 'vitest';
import { selectUnitEvents } from './pack-selection.ts';

let position = 0;
const revisions = new Map<string, number>();
function event(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  const streamRevision = revisions.get(streamId) ?? 0;
  revisions.set(streamId, streamRevision + 1);
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId,
    streamRevision,
    globalPosition: position,
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: 'test', source: 'test' },
    occurredAt: '2025-03-01T02:00:00.000Z',
    recordedAt: '2025-03-01T02:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}
const sha = 'a'.repeat(64);
const log = [
  event('plan-2025', 'PlanIssued', { planId: 'cchc-2025', year: 2025 }),
  event('plan-2024', 'PlanIssued', { planId: 'cchc-2024', year: 2024 }),
  event('unit-u', 'UnitEstablished', { unitId: 'u' }),
  event('unit-old', 'UnitEstablished', { unitId: 'old' }),
  event('unit-other', 'UnitEstablished', { unitId: 'other' }),
  event('task-2025-I.1', 'TaskDefined', { planYear: 2025, taskId: 'I.1', lead: ['old'], coordinators: [] }),
  event('task-2025-I.2', 'TaskDefined', { planYear: 2025, taskId: 'I.2', lead: ['other'], coordinators: ['u'] }),
  event('task-2025-I.3', 'TaskDefined', { planYear: 2025, taskId: 'I.3', lead: ['other'], coordinators: [] }),
  event('task-2024-I.1', 'TaskDefined', { planYear: 2024, taskId: 'I.1', lead: ['u'], coordinators: [] }),
  event('task-2025-I.3', 'TaskAssigned', { taskId: 'I.3', unitId: 'u', role: 'lead' }),
  event('unit-old', 'UnitMergedInto', { unitId: 'old', intoUnitId: 'u' }),
  event('evidence-a', 'EvidenceFileAdded', { sha256: sha, fileName: 'a.pdf', size: 1 }),
  event('evidence-b', 'EvidenceFileAdded', { sha256: 'b'.repeat(64), fileName: 'b.pdf', size: 1 }),
  event('task-2025-I.1', 'ProgressReported', { taskId: 'I.1', unitId: 'old', evidenceFiles: [sha] }),
  event('task-2025-I.4', 'TaskDefined', { planYear: 2025, taskId: 'I.4', lead: ['other'], coordinators: [] }),
];
const claim = event('knowledge-2025', 'KnowledgeClaimed', { planYear: 2025, eventIds: [log[2]!.eventId] });
const unrelatedClaim = event('knowledge-2025-b', 'KnowledgeClaimed', { planYear: 2025, eventIds: [log[4]!.eventId] });
const ranking = event('ranking-cchc-2025', 'RankingPublished', { year: 2025, rows: [] });

describe('the events of one unit’s evidence pack', () => {
  it('takes whole streams: the plan, the unit and the unit merged into it, their tasks of the year, cited evidence, claims about them, the ranking', () => {
    const s = selectUnitEvents({
      events: [...log, claim, unrelatedClaim, ranking],
      year: 2025,
      unitId: 'u',
      rankingEventId: ranking.eventId,
      citedEventIds: [log[14]!.eventId],
    });
    expect(s.members).toEqual(['old', 'u']);
    expect(s.streams).toEqual([
      'evidence-a',
      'knowledge-2025',
      'plan-2025',
      'ranking-cchc-2025',
      // Led by the merged unit, coordinated by u, assigned to u later; I.4 only because the explanation cites it.
      'task-2025-I.1',
      'task-2025-I.2',
      'task-2025-I.3',
      'task-2025-I.4',
      'unit-old',
      'unit-u',
    ]);
    // Every revision of each stream held, in log order.
    expect(s.events.filter((e) => e.streamId === 'task-2025-I.3').map((e) => e.streamRevision)).toEqual([0, 1]);
    expect(s.events.map((e) => e.globalPosition)).toEqual(
      [...s.events.map((e) => e.globalPosition)].sort((a, b) => a - b),
    );
  });
});
