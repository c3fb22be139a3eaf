import { describe, expect, it } from 'vitest';
import { parseCommandMessage } from './command-message.ts';

const message = (value: unknown) => Buffer.from(JSON.stringify(value));
const progress = {
  commandId: 'c-1',
  type: 'ReportProgress',
  planYear: 2025,
  taskId: 'II.3',
  unitId: 'vp-dkdd',
  percent: 40,
  at: '2025-03-05T09:00:00+07:00',
};

describe('reading a command message', () => {
  it('splits the envelope from a task command and validates the command with its schema', () => {
    const parsed = parseCommandMessage(message({ ...progress, actor: 'he-thong-x', correlationId: 'k-9' }));
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'task',
        envelope: { commandId: 'c-1', actor: 'he-thong-x', correlationId: 'k-9' },
        command: {
          type: 'ReportProgress',
          planYear: 2025,
          taskId: 'II.3',
          unitId: 'vp-dkdd',
          percent: 40,
          evidenceRefs: [],
          at: '2025-03-05T02:00:00.000Z',
        },
      },
    });
  });

  it('takes the department index’s workflow steps, but not a publication (the API computes what it carries)', () => {
    const selfScore = parseCommandMessage(
      message({
        commandId: 'i-1',
        type: 'SelfScoreCriterion',
        departmentId: 'so-tnmt',
        year: 2025,
        criteriaSetId: 'example-so-2025',
        criteriaSetVersion: 1,
        criterionId: '1.3',
        value: 1.5,
        evidenceFiles: ['ab'.repeat(32)],
        at: '2025-12-05T09:00:00+07:00',
      }),
    );
    expect(selfScore).toEqual({
      ok: true,
      value: {
        kind: 'index',
        envelope: { commandId: 'i-1' },
        command: {
          type: 'SelfScoreCriterion',
          departmentId: 'so-tnmt',
          year: 2025,
          criteriaSetId: 'example-so-2025',
          criteriaSetVersion: 1,
          criterionId: '1.3',
          value: 1.5,
          evidenceFiles: ['ab'.repeat(32)],
          at: '2025-12-05T02:00:00.000Z',
        },
      },
    });
    expect(
      parseCommandMessage(
        message({ commandId: 'i-2', type: 'SelfScoreCriterion', departmentId: 'so-tnmt', year: 2025 }),
      ),
    ).toMatchObject({ ok: false, reason: 'schema-invalid', message: expect.stringContaining('criterionId') });
    const publish = parseCommandMessage(
      message({
        commandId: 'i-3',
        type: 'PublishIndex',
        departmentId: 'so-tnmt',
        year: 2025,
        asOf: '2026-01-31T16:59:59.999Z',
        atPosition: 10,
        inputsHash: 'ab'.repeat(32),
        self: 60,
        appraised: 59,
        final: 85,
        band: 'Tốt',
        at: '2026-02-01T09:00:00+07:00',
      }),
    );
    expect(publish).toMatchObject({
      ok: false,
      reason: 'schema-invalid',
      message: expect.stringContaining('PublishIndex'),
    });
  });

  it('takes unit commands, but not merges or splits', () => {
    const report = parseCommandMessage(
      message({
        commandId: 'r-1',
        type: 'SubmitPeriodicReport',
        unitId: 'vp-dkdd',
        year: 2025,
        period: 'Q1',
        at: '2025-03-05T09:00:00+07:00',
      }),
    );
    expect(report).toMatchObject({ ok: true, value: { kind: 'unit', command: { type: 'SubmitPeriodicReport' } } });
    const merge = parseCommandMessage(
      message({
        commandId: 'm-1',
        type: 'MergeUnit',
        unitId: 'a',
        intoUnitId: 'b',
        decisionRef: 'x',
        at: '2025-03-05T09:00:00+07:00',
      }),
    );
    expect(merge).toMatchObject({ ok: false, reason: 'schema-invalid' });
  });

  it('takes a renamed command type under its earlier spelling too', () => {
    const initiative = { commandId: 'i-1', unitId: 'vp-dkdd', level: 'province', title: 'Số hóa', at: '2025-03-05' };
    for (const type of ['RecogniseInitiative', 'RecognizeInitiative']) {
      expect(parseCommandMessage(message({ ...initiative, type }))).toMatchObject({
        ok: true,
        value: { kind: 'unit', command: { type: 'RecogniseInitiative', level: 'province' } },
      });
    }
  });

  it('names the reason and the field of what it refuses', () => {
    expect(parseCommandMessage(null)).toMatchObject({ ok: false, reason: 'not-json' });
    expect(parseCommandMessage(Buffer.from('{"commandId":'))).toMatchObject({ ok: false, reason: 'not-json' });
    expect(parseCommandMessage(message([1, 2]))).toMatchObject({ ok: false, reason: 'schema-invalid' });
    const { commandId: _omitted, ...withoutId } = progress;
    expect(parseCommandMessage(message(withoutId))).toMatchObject({
      ok: false,
      reason: 'schema-invalid',
      message: expect.stringContaining('commandId'),
    });
    expect(parseCommandMessage(message({ ...progress, percent: 140 }))).toMatchObject({
      ok: false,
      reason: 'schema-invalid',
      message: expect.stringContaining('percent'),
    });
    expect(parseCommandMessage(message({ ...progress, surprise: 1 }))).toMatchObject({
      ok: false,
      reason: 'schema-invalid',
    });
  });
});
