import {
  type Area,
  type DeadlineSpec,
  type DomainEventData,
  isDomainEventType,
  knownAtOf,
  localDateOf,
  type RecordedDomainEvent,
  type RecordedEvent,
  type Role,
  upcast,
} from '@cchc/core';

/** What the reference scorer knows after folding the visible events, event by event. */

export interface DeadlineDecision {
  readonly position: number;
  readonly decidedOn: string;
  readonly due: string;
}

/** One assignment: it keeps its history when it changes hands (R-REORGANISATION). */
export interface AssignmentFact {
  readonly role: Role;
  holder: string;
  cancelled: boolean;
  lastCompletePos: number;
  lastReopenPos: number;
  completedAt: string | undefined;
  returns: number;
  excused: boolean;
  /** Local dates, in the plan year, of progress, submissions and completions. */
  readonly progressDates: string[];
  readonly deadlineSets: DeadlineDecision[];
}

export interface TaskFact {
  readonly planId: string | undefined;
  readonly year: number;
  readonly area: Area;
  readonly deadlineKind: DeadlineSpec['kind'];
  readonly deadlineDue: string | undefined;
  cancelled: boolean;
  readonly deadlineSets: DeadlineDecision[];
  /** The assignment each unit currently holds in this task. */
  readonly holders: Map<string, AssignmentFact>;
}

export interface PlanFact {
  readonly year: number;
  readonly schedule: DomainEventData<'PlanIssued'>['reportSchedule'];
}

export interface Recognition {
  readonly kind: 'initiative' | 'criticism' | 'sanction';
  readonly level?: DomainEventData<'InitiativeRecognised'>['level'];
  readonly sanctionKind?: DomainEventData<'DisciplinarySanctionRecorded'>['kind'];
  readonly occurredAt: string;
}

/** R-REPORT-RECEIPT: a submission is dated by its receipt date when the office gave one, else by the day the office knew it. */
export interface ReportSubmission {
  readonly position: number;
  /** Its knowledge time (R-AS-KNOWN: its own, or an earlier claim that counts). */
  readonly knownAt: string;
  readonly receivedOn: string | undefined;
  /** The local date its timeliness is scored on. */
  readonly datedOn: string;
}

export interface Facts {
  readonly plans: Map<string, PlanFact>;
  readonly unitNames: Map<string, string>;
  /** Units merged or split away. */
  readonly ended: Set<string>;
  /** The successor that inherits a merged or split unit's assignments and reports. */
  readonly successor: Map<string, string>;
  readonly tasks: Map<string, TaskFact>;
  /** The submissions of each `unit|year|period` report, in log order. */
  readonly reports: Map<string, ReportSubmission[]>;
  readonly recognitions: Map<string, Recognition[]>;
}

/**
 * The store holds only events validated against their schema when appended, and `upcast` brings
 * an older version to the current one: an event of a domain type has that type's current data.
 */
function isDomainEvent(event: RecordedEvent): event is RecordedDomainEvent {
  return isDomainEventType(event.type);
}

/**
 * R-AS-KNOWN: the events that count at (asOf, position), in log order, as current domain events.
 * An event counts once the office knew it (its own knowledge time, or the earliest knowledge claim
 * about it that itself counts) and once it occurred; each comes back with that knowledge time as
 * its `metadata.knownAt` (what `knownAtOf` reads).
 */
export function visibleEvents(events: readonly RecordedEvent[], asOf: number, position: number): RecordedDomainEvent[] {
  const counts = (e: RecordedEvent, knownAt: string) =>
    e.globalPosition <= position && Date.parse(knownAt) <= asOf && Date.parse(e.occurredAt) <= asOf;
  const claimed = new Map<string, string>();
  for (const claim of events) {
    if (claim.type !== 'KnowledgeClaimed' || !counts(claim, knownAtOf(claim))) continue;
    const { eventIds, knownAt } = upcast(claim).data as DomainEventData<'KnowledgeClaimed'>;
    for (const id of eventIds) if (!(claimed.get(id)! <= knownAt)) claimed.set(id, knownAt);
  }
  const knowledgeOf = (e: RecordedEvent) => {
    const own = knownAtOf(e);
    const claim = claimed.get(e.eventId);
    return claim !== undefined && claim < own ? claim : own;
  };
  return events
    .filter((e) => counts(e, knowledgeOf(e)))
    .sort((a, b) => a.globalPosition - b.globalPosition)
    .map((e) => {
      const known = knowledgeOf(e);
      const upcasted = upcast(e);
      return known === knownAtOf(e) ? upcasted : { ...upcasted, metadata: { ...upcasted.metadata, knownAt: known } };
    })
    .filter(isDomainEvent);
}

export function foldFacts(events: readonly RecordedDomainEvent[]): Facts {
  const facts: Facts = {
    plans: new Map(),
    unitNames: new Map(),
    ended: new Set(),
    successor: new Map(),
    tasks: new Map(),
    reports: new Map(),
    recognitions: new Map(),
  };
  for (const event of events) applyEvent(facts, event);
  return facts;
}

function newAssignment(role: Role, holder: string): AssignmentFact {
  return {
    role,
    holder,
    cancelled: false,
    lastCompletePos: -1,
    lastReopenPos: -1,
    completedAt: undefined,
    returns: 0,
    excused: false,
    progressDates: [],
    deadlineSets: [],
  };
}

function applyEvent(facts: Facts, e: RecordedDomainEvent): void {
  switch (e.type) {
    case 'PlanIssued':
      if (!facts.plans.has(e.data.planId))
        facts.plans.set(e.data.planId, { year: e.data.year, schedule: e.data.reportSchedule });
      return;
    case 'TaskDefined':
      facts.tasks.set(e.streamId, definedTask(e.data));
      return;
    case 'TaskAssigned':
      facts.tasks.get(e.streamId)?.holders.set(e.data.unitId, newAssignment(e.data.role, e.data.unitId));
      return;
    case 'TaskReassigned':
      reassign(facts.tasks.get(e.streamId), e.data);
      return;
    case 'DeadlineSet':
      setDeadline(facts.tasks.get(e.streamId), e);
      return;
    case 'TaskCancelled':
      cancel(facts.tasks.get(e.streamId), e.data);
      return;
    case 'TaskCompleted':
    case 'TaskReopened':
    case 'ProductSubmitted':
    case 'ProductReturned':
    case 'ProgressReported':
    case 'DelayExcused':
      applyActivity(facts.tasks.get(e.streamId), e);
      return;
    case 'UnitEstablished':
      if (!facts.unitNames.has(e.data.unitId)) facts.unitNames.set(e.data.unitId, e.data.name);
      return;
    case 'UnitRenamed':
      facts.unitNames.set(e.data.unitId, e.data.name);
      return;
    case 'UnitMergedInto':
      facts.ended.add(e.data.unitId);
      facts.successor.set(e.data.unitId, e.data.intoUnitId);
      return;
    case 'UnitSplit':
      facts.ended.add(e.data.unitId);
      facts.successor.set(e.data.unitId, e.data.assignmentsTo);
      return;
    case 'PeriodicReportSubmitted': {
      const key = `${e.data.unitId}|${e.data.year}|${e.data.period}`;
      const knownAt = knownAtOf(e);
      const submission = {
        position: e.globalPosition,
        knownAt,
        receivedOn: e.data.receivedOn,
        datedOn: e.data.receivedOn ?? localDateOf(knownAt),
      };
      facts.reports.set(key, [...(facts.reports.get(key) ?? []), submission]);
      return;
    }
    case 'InitiativeRecognised':
      recognise(facts, e.data.unitId, { kind: 'initiative', level: e.data.level, occurredAt: e.occurredAt });
      return;
    case 'CriticismRecorded':
      recognise(facts, e.data.unitId, { kind: 'criticism', occurredAt: e.occurredAt });
      return;
    case 'DisciplinarySanctionRecorded':
      recognise(facts, e.data.unitId, { kind: 'sanction', sanctionKind: e.data.kind, occurredAt: e.occurredAt });
      return;
    case 'TaskStarted':
    // A title or product amended changes no score: what is scored is the deadline, the area and the
    // holders, whose amendments are DeadlineSet, TaskCancelled (withdrawn) and TaskAssigned/Reassigned.
    case 'TaskAmended':
    case 'IndicatorMeasured':
    case 'RankingPublished':
    case 'KnowledgeClaimed':
    // A file's record scores nothing; progress that cites it is ProgressReported.
    case 'EvidenceFileAdded':
    // The department's own index scores the department, not its units.
    case 'CriterionSelfScored':
    case 'IndexDossierSubmitted':
    case 'CriterionAppraised':
    case 'ExplanationRequested':
    case 'ExplanationAnswered':
    case 'SurveyResultsEntered':
    case 'IndexPublished':
      return;
    default: {
      const unhandled: never = e;
      throw new TypeError(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

function definedTask(d: DomainEventData<'TaskDefined'>): TaskFact {
  const task: TaskFact = {
    planId: d.planId,
    year: d.planYear,
    area: d.area,
    deadlineKind: d.deadline.kind,
    deadlineDue: d.deadline.kind === 'date' ? d.deadline.due : undefined,
    cancelled: false,
    deadlineSets: [],
    holders: new Map(),
  };
  // A unit both leading and coordinating holds the lead assignment.
  for (const unitId of d.coordinators) task.holders.set(unitId, newAssignment('coordinator', unitId));
  for (const unitId of d.lead) task.holders.set(unitId, newAssignment('lead', unitId));
  return task;
}

/** R-REORGANISATION: the moved assignment continues under its new holder, replacing what that unit held. */
function reassign(task: TaskFact | undefined, d: DomainEventData<'TaskReassigned'>): void {
  if (!task) return;
  const moving = task.holders.get(d.unitId);
  task.holders.delete(d.unitId);
  task.holders.delete(d.toUnitId);
  if (moving) {
    moving.holder = d.toUnitId;
    task.holders.set(moving.holder, moving);
  }
}

/** R-DUE-IN-FORCE: decisions for the whole task, or for the assignment its unit holds. */
function setDeadline(task: TaskFact | undefined, e: Extract<RecordedDomainEvent, { type: 'DeadlineSet' }>): void {
  if (!task) return;
  const decision = { position: e.globalPosition, decidedOn: localDateOf(e.occurredAt), due: e.data.due };
  if (e.data.unitId !== undefined) task.holders.get(e.data.unitId)?.deadlineSets.push(decision);
  else task.deadlineSets.push(decision);
}

/** R-CANCELLED: the whole task, or the assignment its unit holds. */
function cancel(task: TaskFact | undefined, d: DomainEventData<'TaskCancelled'>): void {
  if (!task) return;
  if (d.unitId === undefined) {
    task.cancelled = true;
    return;
  }
  const slot = task.holders.get(d.unitId);
  if (slot) slot.cancelled = true;
}

type Activity = Extract<
  RecordedDomainEvent,
  {
    type:
      | 'TaskCompleted'
      | 'TaskReopened'
      | 'ProductSubmitted'
      | 'ProductReturned'
      | 'ProgressReported'
      | 'DelayExcused';
  }
>;

/** Activity of the unit that holds the assignment when it is recorded; R-ONGOING counts it in the plan year. */
function applyActivity(task: TaskFact | undefined, e: Activity): void {
  const slot = task?.holders.get(e.data.unitId);
  if (!task || !slot) return;
  const progressInYear = () => {
    const date = localDateOf(e.occurredAt);
    if (date.startsWith(`${task.year}-`)) slot.progressDates.push(date);
  };
  switch (e.type) {
    case 'TaskCompleted':
      slot.lastCompletePos = e.globalPosition;
      slot.completedAt = e.occurredAt;
      progressInYear();
      return;
    case 'TaskReopened':
      slot.lastReopenPos = e.globalPosition;
      return;
    case 'ProductSubmitted':
    case 'ProgressReported':
      progressInYear();
      return;
    case 'ProductReturned':
      slot.returns += 1;
      return;
    case 'DelayExcused':
      slot.excused = true;
      return;
    default: {
      const unhandled: never = e;
      throw new TypeError(`unhandled activity ${JSON.stringify(unhandled)}`);
    }
  }
}

function recognise(facts: Facts, unitId: string, recognition: Recognition): void {
  facts.recognitions.set(unitId, [...(facts.recognitions.get(unitId) ?? []), recognition]);
}
