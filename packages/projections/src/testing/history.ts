import { randomUUID } from 'node:crypto';
import {
  type AppendRequest,
  areaSchema,
  type DeadlineSpec,
  type DomainEventData,
  type DomainEventType,
  domainEventSchema,
  type EventStore,
  type IndexEvent,
  type NewEvent,
  type ReportPeriod,
  type Role,
} from '@cchc/core';
import type { TaskActivity } from '../sql/fragments.ts';

type Schedule = DomainEventData<'PlanIssued'>['reportSchedule'];
type Indicators = DomainEventData<'PlanIssued'>['indicators'];
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
 * When the office came to know an event of a test history. By default each event is a backfill
 * whose `knownAt` claim is its occurredAt (or the `knownAt` given), so the tests control both
 * instants; `live` enters it live instead: no claim, recorded by the store clock at that instant
 * (appendHistories pins the clock), as the office would type it in today.
 */
export interface Entry {
  readonly knownAt?: string;
  readonly live?: string;
}

export interface HistoryEvent {
  readonly streamId: string;
  readonly event: NewEvent<DomainEventType>;
  /** The store clock it must be recorded at (live), or its knownAt claim (backfill): the order of entry. */
  readonly entryAt: string;
  readonly live: boolean;
}

/**
 * Builds a raw history (events in the order written) for scoring tests (see Entry). Unit and task
 * ids are scoped by `scope`, so several histories can share one store. Each event's data is typed
 * by its zod schema's inferred type and validated against the schema when added.
 */
export class History {
  readonly events: HistoryEvent[] = [];

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
  /** The id of the event added last (to claim it, or to find it). */
  get lastEventId(): string {
    const last = this.events.at(-1);
    if (!last) throw new TypeError('an empty history');
    return last.event.eventId!;
  }

  private add<T extends DomainEventType>(
    streamId: string,
    type: T,
    data: DomainEventData<T>,
    occurredAt: string,
    entry: Entry = {},
  ): this {
    const checked = domainEventSchema.safeParse({ type, data });
    if (!checked.success) throw new TypeError(`invalid ${type} in a test history: ${checked.error.message}`);
    const knownAt = entry.knownAt ?? occurredAt;
    this.events.push({
      streamId,
      event: {
        eventId: randomUUID(),
        type,
        data,
        metadata:
          entry.live === undefined
            ? { actor: 'test', source: 'backfill', knownAt, reason: 'lịch sử thử / test history' }
            : { actor: 'test', source: 'test' },
        occurredAt,
      },
      entryAt: entry.live ?? knownAt,
      live: entry.live !== undefined,
    });
    return this;
  }

  plan(options: { schedule?: Schedule; indicators?: Indicators; at?: string } & Entry = {}): this {
    return this.add(
      `plan-${this.year}${this.scope ? `-${this.scope}` : ''}`,
      'PlanIssued',
      {
        planId: this.planId,
        year: this.year,
        title: 'Kế hoạch thử',
        indicators: options.indicators ?? [],
        reportSchedule: options.schedule ?? DEFAULT_SCHEDULE,
      },
      options.at ?? at(`${this.year}-01-02`),
      options,
    );
  }

  unit(id: string, options: { at?: string; name?: string } & Entry = {}): this {
    return this.add(
      this.unitStream(id),
      'UnitEstablished',
      { unitId: this.unitId(id), name: options.name ?? `Đơn vị ${id}`, kind: 'phong', shortNames: [] },
      options.at ?? at(`${this.year}-01-02`),
      options,
    );
  }

  task(
    taskId: string,
    deadline: DeadlineSpec,
    lead: string[],
    coordinators: string[] = [],
    options: { at?: string } & Entry = {},
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
      options,
    );
  }

  act(type: TaskActivity, taskId: string, unit: string, occurredAt: string, entry: Entry = {}): this {
    const stream = this.taskStream(taskId);
    const base = { taskId, unitId: this.unitId(unit) };
    switch (type) {
      case 'ProgressReported':
        return this.add(stream, type, { ...base, percent: 50, evidenceRefs: [] }, occurredAt, entry);
      case 'ProductReturned':
      case 'TaskReopened':
        return this.add(stream, type, { ...base, reason: 'r' }, occurredAt, entry);
      case 'DelayExcused':
        return this.add(stream, type, { ...base, reason: 'r', excusedBy: 'vp' }, occurredAt, entry);
      case 'TaskStarted':
      case 'ProductSubmitted':
      case 'TaskCompleted':
        return this.add(stream, type, base, occurredAt, entry);
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

  /** A periodic report; `receivedOn` (with `incomingRef`) is the office's receipt date (R-REPORT-RECEIPT). */
  report(
    unit: string,
    period: ReportPeriod,
    occurredAt: string,
    options: Entry & { receivedOn?: string; incomingRef?: string } = {},
  ): this {
    return this.add(
      this.unitStream(unit),
      'PeriodicReportSubmitted',
      {
        unitId: this.unitId(unit),
        year: this.year,
        period,
        ...(options.receivedOn ? { receivedOn: options.receivedOn } : {}),
        ...(options.incomingRef ? { incomingRef: options.incomingRef } : {}),
      },
      occurredAt,
      options,
    );
  }

  /** A KnowledgeClaimed (itself a backfill known at `knownAt`): the office knew these events at `knownAt`. */
  claim(eventIds: readonly string[], knownAt: string, reason = 'kế hoạch nhập muộn / plan applied late'): this {
    return this.add(
      `knowledge-${this.year}${this.scope ? `-${this.scope}` : ''}`,
      'KnowledgeClaimed',
      { planYear: this.year, eventIds: [...eventIds], knownAt, reason },
      knownAt,
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

  /** An indicator of the plan measured (IndicatorMeasured on the plan's stream). */
  measure(indicatorId: string, value: number, occurredAt: string): this {
    return this.add(
      `plan-${this.year}${this.scope ? `-${this.scope}` : ''}`,
      'IndicatorMeasured',
      { planYear: this.year, indicatorId, value },
      occurredAt,
    );
  }

  /** An event of a department's index dossier (stream cchc-index-<department>-<year>). */
  dossier(event: IndexEvent, occurredAt: string): this {
    const stream = `cchc-index-${event.data.departmentId}-${event.data.year}`;
    return this.add(stream, event.type, event.data as DomainEventData<typeof event.type>, occurredAt);
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
}

/**
 * Appends histories to a store whose clock `setClock` pins: events in the order each history wrote
 * them, histories merged by entry time, in atomic appends that end at each live event; each append
 * is made at the store clock of its last entry (never back: the store keeps recordedAt monotonic),
 * so a live event is recorded at its instant and every backfill is known by then.
 */
export async function appendHistories(
  store: Pick<EventStore, 'appendMany'>,
  histories: readonly History[],
  setClock: (instant: string) => void,
): Promise<void> {
  const heads = histories.map(() => 0);
  let batch: HistoryEvent[] = [];
  let clock = '';
  const flush = async () => {
    if (batch.length === 0) return;
    setClock(clock);
    await store.appendMany(requestsOf(batch));
    batch = [];
  };
  for (;;) {
    let next = -1;
    for (let i = 0; i < histories.length; i++) {
      const e = histories[i]!.events[heads[i]!];
      if (e && (next < 0 || e.entryAt < histories[next]!.events[heads[next]!]!.entryAt)) next = i;
    }
    if (next < 0) break;
    const e = histories[next]!.events[heads[next]!++]!;
    batch.push(e);
    if (e.entryAt > clock) clock = e.entryAt;
    if (e.live) await flush();
  }
  await flush();
}

/** Events as append requests, in order (consecutive events of a stream together). */
function requestsOf(events: readonly HistoryEvent[]): AppendRequest[] {
  const requests: { streamId: string; events: NewEvent[] }[] = [];
  for (const { streamId, event } of events) {
    const last = requests[requests.length - 1];
    if (last && last.streamId === streamId) last.events.push(event);
    else requests.push({ streamId, events: [event] });
  }
  return requests;
}

export const dated = (due: string): DeadlineSpec => ({ kind: 'date', due, text: `Trước ${due}` });
export const ongoing: DeadlineSpec = { kind: 'ongoing', text: 'Thường xuyên' };
export const conditional: DeadlineSpec = {
  kind: 'conditional',
  text: 'Theo chỉ đạo của UBND tỉnh',
  condition: 'Theo chỉ đạo của UBND tỉnh',
};
