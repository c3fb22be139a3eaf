import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, DOMAIN_EVENT_TYPES, domainEventSchema } from './domain-event.ts';

describe('domain event schemas', () => {
  it('covers every event type the plan needs', () => {
    expect([...DOMAIN_EVENT_TYPES].sort()).toEqual(
      [
        'PlanIssued',
        'IndicatorMeasured',
        'RankingPublished',
        'KnowledgeClaimed',
        'TaskDefined',
        'TaskAmended',
        'TaskAssigned',
        'TaskReassigned',
        'DeadlineSet',
        'TaskStarted',
        'ProgressReported',
        'ProductSubmitted',
        'ProductReturned',
        'TaskCompleted',
        'TaskReopened',
        'TaskCancelled',
        'DelayExcused',
        'UnitEstablished',
        'UnitRenamed',
        'UnitMergedInto',
        'UnitSplit',
        'PeriodicReportSubmitted',
        'InitiativeRecognised',
        'CriticismRecorded',
        'DisciplinarySanctionRecorded',
        'EvidenceFileAdded',
        'CriterionSelfScored',
        'IndexDossierSubmitted',
        'CriterionAppraised',
        'ExplanationRequested',
        'ExplanationAnswered',
        'SurveyResultsEntered',
        'IndexPublished',
      ].sort(),
    );
    expect(CURRENT_SCHEMA_VERSION.ProgressReported).toBe(2);
    expect(CURRENT_SCHEMA_VERSION.TaskCompleted).toBe(1);
  });

  it('names the field that is wrong', () => {
    const r = domainEventSchema.safeParse({
      type: 'ProgressReported',
      data: { taskId: 'II.3', unitId: 'vpdkdd', percent: 140 },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['data', 'percent']);
  });

  it('refuses unknown fields and unknown types', () => {
    expect(
      domainEventSchema.safeParse({ type: 'TaskStarted', data: { taskId: 'II.3', unitId: 'x', extra: 1 } }).success,
    ).toBe(false);
    expect(domainEventSchema.safeParse({ type: 'TaskExploded', data: {} }).success).toBe(false);
    expect(domainEventSchema.safeParse({ type: 'TaskStarted', data: { taskId: 'II-3', unitId: 'x' } }).success).toBe(
      false,
    );
  });

  it('accepts a valid event of each kind of aggregate', () => {
    expect(
      domainEventSchema.parse({ type: 'PeriodicReportSubmitted', data: { unitId: 'vp-so', year: 2025, period: 'H1' } }),
    ).toBeTruthy();
    expect(
      domainEventSchema.parse({ type: 'UnitMergedInto', data: { unitId: 'a', intoUnitId: 'b', decisionRef: '1/QĐ' } }),
    ).toBeTruthy();
    expect(
      domainEventSchema.parse({
        type: 'InitiativeRecognised',
        data: { unitId: 'a', level: 'province', title: 'Một cửa số' },
      }),
    ).toBeTruthy();
  });
});
