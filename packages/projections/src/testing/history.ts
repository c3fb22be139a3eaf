import { randomUUID } from 'node:crypto';
import {
  type AppendRequest,
  areaSchema,
  type DeadlineSpec,
  type DomainEventData,
  type DomainEventType,
  domainEventSchema,
  type NewEvent,
  type ReportPeriod,
  type Role,
} from '@cchc/core';
import type { TaskActivity } from '../sql/fragments.ts';

type Schedule = DomainEventData<'PlanIssued'>['reportSchedule'];
type SanctionKind = DomainEventData<'DisciplinarySanctionRecorded'>['kind'];

const DEFAULT_SCHEDULE: Schedule = [
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
 * are scoped by `scope`, so several histories can share one store. Each event's data is typed by
 * its zod schema's inferred type and validated against the schema when added.
 */
export class History {
  readonly events: { streamId: string; event: NewEvent<DomainEventType> }[] = [];

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
  private unitStream(unit: string): string {
    return `unit-${this.unitId(unit)}`;
  }

  private add<T extends DomainEventType>(
    streamId: string,
    type: T,
    data: DomainEventData<T>,
    occurredAt: string,
    recordedAt = occurredAt,
  ): this {
    const checked = domainEventSchema.safeParse({ type, data });
    if (!checked.success) throw new TypeError(`invalid ${type} in a test history: ${checked.error.message}`);
    this.events.push({
      streamId,
      event: {
        eventId: randomUUID(),
        type,
        data,
        // Test histories are entered after the fact: each event's knowledge time is its claim.
        metadata: { actor: 'test', source: 'backfill', knownAt: recordedAt, reason: 'lịch sử thử / test history' },
        occurredAt,
      },
    });
    return this;
  }

  plan(options: { schedule?: Schedule; at?: string } = {}): this {
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
      this.unitStream(id),
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
    const area = areaSchema.parse(taskId.split('.')[0]);
    return this.add(
      this.taskStream(taskId),
      'TaskDefined',
      {
        planYear: this.year,
        planId: this.planId,
        taskId,
        area,
        title: `Nhiệm vụ ${taskId}`,
        product: 'Sản phẩm',
        deadline,
        lead: lead.map((u) => this.unitId(u)),
        coordinators: coordinators.map((u) => this.unitId(u)),
      },
      options.at ?? at(`${this.year}-01-02`),
    );
  }

  act(
    type: TaskActivity,
    taskId: string,
    unit: string,
    occurredAt: string,
    options: { recordedAt?: string } = {},
  ): this {
    const stream = this.taskStream(taskId);
    const base = { taskId, unitId: this.unitId(unit) };
    const { recordedAt } = options;
    switch (type) {
      case 'ProgressReported':
        return this.add(stream, type, { ...base, percent: 50, evidenceRefs: [] }, occurredAt, recordedAt);
      case 'ProductReturned':
      case 'TaskReopened':
        return this.add(stream, type, { ...base, reason: 'r' }, occurredAt, recordedAt);
      case 'DelayExcused':
        return this.add(stream, type, { ...base, reason: 'r', excusedBy: 'vp' }, occurredAt, recordedAt);
      case 'TaskStarted':
      case 'ProductSubmitted':
      case 'TaskCompleted':
        return this.add(stream, type, base, occurredAt, recordedAt);
      default: {
        const unknown: never = type;
        throw new TypeError(`not a task activity: ${String(unknown)}`);
      }
    }
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

  assign(taskId: string, unit: string, role: Role, occurredAt: string): this {
    return this.add(this.taskStream(taskId), 'TaskAssigned', { taskId, unitId: this.unitId(unit), role }, occurredAt);
  }

  reassign(taskId: string, from: string, to: string, role: Role, occurredAt: string): this {
    return this.add(
      this.taskStream(taskId),
      'TaskReassigned',
      { taskId, unitId: this.unitId(from), toUnitId: this.unitId(to), role },
      occurredAt,
    );
  }

  report(unit: string, period: ReportPeriod, occurredAt: string, options: { recordedAt?: string } = {}): this {
    return this.add(
      this.unitStream(unit),
      'PeriodicReportSubmitted',
      { unitId: this.unitId(unit), year: this.year, period },
      occurredAt,
      options.recordedAt,
    );
  }

  merge(unit: string, into: string, occurredAt: string): this {
    return this.add(
      this.unitStream(unit),
      'UnitMergedInto',
      { unitId: this.unitId(unit), intoUnitId: this.unitId(into), decisionRef: 'QĐ' },
      occurredAt,
    );
  }

  /** A split; `assignmentsTo` (one of `into`) is the successor that inherits the unit's assignments and reports. */
  split(unit: string, into: readonly string[], assignmentsTo: string, occurredAt: string): this {
    return this.add(
      this.unitStream(unit),
      'UnitSplit',
      {
        unitId: this.unitId(unit),
        intoUnitIds: into.map((u) => this.unitId(u)),
        assignmentsTo: this.unitId(assignmentsTo),
        decisionRef: 'QĐ',
      },
      occurredAt,
    );
  }

  rename(unit: string, name: string, occurredAt: string): this {
    return this.add(this.unitStream(unit), 'UnitRenamed', { unitId: this.unitId(unit), name }, occurredAt);
  }

  initiative(unit: string, level: DomainEventData<'InitiativeRecognised'>['level'], occurredAt: string): this {
    return this.add(
      this.unitStream(unit),
      'InitiativeRecognised',
      { unitId: this.unitId(unit), level, title: 'Sáng kiến' },
      occurredAt,
    );
  }

  criticism(unit: string, occurredAt: string): this {
    return this.add(
      this.unitStream(unit),
      'CriticismRecorded',
      { unitId: this.unitId(unit), reason: 'Phê bình' },
      occurredAt,
    );
  }

  sanction(unit: string, kind: SanctionKind, occurredAt: string): this {
    return this.add(
      this.unitStream(unit),
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
