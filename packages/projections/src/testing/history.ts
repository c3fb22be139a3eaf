import { randomUUID } from 'node:crypto';
import type { AppendRequest, DeadlineSpec, NewEvent } from '@cchc/core';

type Period = 'Q1' | 'H1' | 'Q3' | 'Y';
const DEFAULT_SCHEDULE: { period: Period; due: string }[] = [
  { period: 'Q1', due: '2025-03-10' },
  { period: 'H1', due: '2025-06-10' },
  { period: 'Q3', due: '2025-09-10' },
  { period: 'Y', due: '2025-12-10' },
];

/** A local date (and time) in Asia/Ho_Chi_Minh → ISO instant. */
export const at = (date: string, time = '09:00'): string => new Date(`${date}T${time}:00+07:00`).toISOString();

/**
 * Builds a raw history (events in the order written) for scoring tests: every event is a backfill
 * whose recordedAt defaults to its occurredAt, so the tests control both clocks. Unit and task ids
 * are scoped by `scope`, so several histories can share one store.
 */
export class History {
  readonly events: { streamId: string; event: NewEvent }[] = [];

  constructor(
    readonly scope = '',
    readonly year = 2025,
  ) {}

  get planId(): string {
    return `cchc-${this.year}${this.scope ? `-${this.scope}` : ''}`;
  }
  unitId(id: string): string {
    return this.scope ? `${id}-${this.scope}` : id;
  }
  private taskStream(taskId: string): string {
    return `task-${this.year}${this.scope ? `-${this.scope}` : ''}-${taskId}`;
  }

  private add(
    streamId: string,
    type: string,
    data: Record<string, unknown>,
    occurredAt: string,
    recordedAt = occurredAt,
  ): this {
    this.events.push({
      streamId,
      event: {
        eventId: randomUUID(),
        type,
        data,
        metadata: { actor: 'test', source: 'backfill' },
        occurredAt,
        recordedAt,
      },
    });
    return this;
  }

  plan(options: { schedule?: { period: Period; due: string }[]; at?: string } = {}): this {
    return this.add(
      `plan-${this.year}${this.scope ? `-${this.scope}` : ''}`,
      'PlanIssued',
      {
        planId: this.planId,
        year: this.year,
        title: 'Kế hoạch thử',
        indicators: [],
        reportSchedule: options.schedule ?? DEFAULT_SCHEDULE,
      },
      options.at ?? at(`${this.year}-01-02`),
    );
  }

  unit(id: string, options: { at?: string; name?: string } = {}): this {
    return this.add(
      `unit-${this.unitId(id)}`,
      'UnitEstablished',
      { unitId: this.unitId(id), name: options.name ?? `Đơn vị ${id}`, kind: 'phong', shortNames: [] },
      options.at ?? at(`${this.year}-01-02`),
    );
  }

  task(
    taskId: string,
    deadline: DeadlineSpec,
    lead: string[],
    coordinators: string[] = [],
    options: { at?: string } = {},
  ): this {
    return this.add(
      this.taskStream(taskId),
      'TaskDefined',
      {
        planYear: this.year,
        planId: this.planId,
        taskId,
        area: taskId.split('.')[0]!,
        title: `Nhiệm vụ ${taskId}`,
        product: 'Sản phẩm',
        deadline,
        lead: lead.map((u) => this.unitId(u)),
        coordinators: coordinators.map((u) => this.unitId(u)),
      },
      options.at ?? at(`${this.year}-01-02`),
    );
  }

  /** A task activity: TaskStarted, ProgressReported, ProductSubmitted, ProductReturned, TaskCompleted, TaskReopened, DelayExcused. */
  act(type: string, taskId: string, unit: string, occurredAt: string, options: { recordedAt?: string } = {}): this {
    const extra: Record<string, unknown> =
      type === 'ProgressReported'
        ? { percent: 50, evidenceRefs: [] }
        : type === 'ProductReturned' || type === 'TaskReopened'
          ? { reason: 'r' }
          : type === 'DelayExcused'
            ? { reason: 'r', excusedBy: 'vp' }
            : {};
    return this.add(
      this.taskStream(taskId),
      type,
      { taskId, unitId: this.unitId(unit), ...extra },
      occurredAt,
      options.recordedAt,
    );
  }

  deadline(taskId: string, due: string, occurredAt: string, unit?: string): this {
    return this.add(
      this.taskStream(taskId),
      'DeadlineSet',
      { taskId, ...(unit ? { unitId: this.unitId(unit) } : {}), due, decisionRef: 'QĐ' },
      occurredAt,
    );
  }

  cancel(taskId: string, occurredAt: string, unit?: string): this {
    return this.add(
      this.taskStream(taskId),
      'TaskCancelled',
      { taskId, ...(unit ? { unitId: this.unitId(unit) } : {}), reason: 'r' },
      occurredAt,
    );
  }

  assign(taskId: string, unit: string, role: 'lead' | 'coordinator', occurredAt: string): this {
    return this.add(this.taskStream(taskId), 'TaskAssigned', { taskId, unitId: this.unitId(unit), role }, occurredAt);
  }

  reassign(taskId: string, from: string, to: string, role: 'lead' | 'coordinator', occurredAt: string): this {
    return this.add(
      this.taskStream(taskId),
      'TaskReassigned',
      { taskId, unitId: this.unitId(from), toUnitId: this.unitId(to), role },
      occurredAt,
    );
  }

  report(unit: string, period: Period, occurredAt: string, options: { recordedAt?: string } = {}): this {
    return this.add(
      `unit-${this.unitId(unit)}`,
      'PeriodicReportSubmitted',
      { unitId: this.unitId(unit), year: this.year, period },
      occurredAt,
      options.recordedAt,
    );
  }

  merge(unit: string, into: string, occurredAt: string): this {
    return this.add(
      `unit-${this.unitId(unit)}`,
      'UnitMergedInto',
      { unitId: this.unitId(unit), intoUnitId: this.unitId(into), decisionRef: 'QĐ' },
      occurredAt,
    );
  }

  split(unit: string, into: readonly string[], assignmentsTo: string | undefined, occurredAt: string): this {
    const data = { unitId: this.unitId(unit), intoUnitIds: into.map((u) => this.unitId(u)), decisionRef: 'QĐ' };
    return this.add(
      `unit-${this.unitId(unit)}`,
      'UnitSplit',
      assignmentsTo === undefined ? data : { ...data, assignmentsTo: this.unitId(assignmentsTo) },
      occurredAt,
    );
  }

  rename(unit: string, name: string, occurredAt: string): this {
    return this.add(`unit-${this.unitId(unit)}`, 'UnitRenamed', { unitId: this.unitId(unit), name }, occurredAt);
  }

  initiative(unit: string, level: 'department' | 'province', occurredAt: string): this {
    return this.add(
      `unit-${this.unitId(unit)}`,
      'InitiativeRecognised',
      { unitId: this.unitId(unit), level, title: 'Sáng kiến' },
      occurredAt,
    );
  }

  criticism(unit: string, occurredAt: string): this {
    return this.add(
      `unit-${this.unitId(unit)}`,
      'CriticismRecorded',
      { unitId: this.unitId(unit), reason: 'Phê bình' },
      occurredAt,
    );
  }

  sanction(unit: string, kind: string, occurredAt: string): this {
    return this.add(
      `unit-${this.unitId(unit)}`,
      'DisciplinarySanctionRecorded',
      { unitId: this.unitId(unit), kind, reason: 'Kỷ luật' },
      occurredAt,
    );
  }

  /** All events as one atomic append, in the order written (consecutive events of a stream together). */
  requests(): AppendRequest[] {
    const requests: { streamId: string; events: NewEvent[] }[] = [];
    for (const { streamId, event } of this.events) {
      const last = requests[requests.length - 1];
      if (last && last.streamId === streamId) last.events.push(event);
      else requests.push({ streamId, events: [event] });
    }
    return requests;
  }
}

export const dated = (due: string): DeadlineSpec => ({ kind: 'date', due, text: `Trước ${due}` });
export const ongoing: DeadlineSpec = { kind: 'ongoing', text: 'Thường xuyên' };
export const conditional: DeadlineSpec = {
  kind: 'conditional',
  text: 'Theo chỉ đạo của UBND tỉnh',
  condition: 'Theo chỉ đạo của UBND tỉnh',
};
