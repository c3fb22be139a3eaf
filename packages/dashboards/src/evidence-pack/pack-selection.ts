import type { RecordedEvent } from '@cchc/core';

/**
 * Which events an evidence pack of one unit holds (docs/audit.md, "Evidence pack"): whole streams,
 * every revision up to the checkpoint, so a deleted event leaves a gap the verifier names.
 *
 * - the plan's stream (PlanIssued of the year, its indicators);
 * - the streams of the unit and of every unit merged or split into it (its establishment, name,
 *   reports, recognitions, criticisms, sanctions, the merger itself);
 * - the stream of every task of the plan year any of those units appears in (defined as lead or
 *   coordinator, assigned, reassigned from or to, or acting in it): its deadlines, progress,
 *   submissions, returns, completions, excuses and cancellations;
 * - the ranking's stream, when the ranking is published;
 * - the EvidenceFileAdded stream of every file those events reference;
 * - the stream of every KnowledgeClaimed naming any of those events (it changes when they count);
 * - the stream of any event the unit's explanation cites that is not in yet (none, when the
 *   rules above are complete: the e2e test checks the verifier finds every cited event).
 */
export interface SelectionInput {
  readonly events: readonly RecordedEvent[];
  readonly year: number;
  readonly unitId: string;
  readonly rankingEventId: string | null;
  readonly citedEventIds: readonly string[];
}

export interface Selection {
  readonly members: string[];
  readonly streams: string[];
  readonly events: RecordedEvent[];
}

type Data = Record<string, unknown>;
const dataOf = (e: RecordedEvent): Data =>
  typeof e.data === 'object' && e.data !== null ? (e.data as Data) : ({} satisfies Data);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The unit and, transitively, every unit merged or split into it. */
function membersOf(events: readonly RecordedEvent[], unitId: string): Set<string> {
  const members = new Set([unitId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of events) {
      const d = dataOf(e);
      const into =
        e.type === 'UnitMergedInto' ? str(d.intoUnitId) : e.type === 'UnitSplit' ? str(d.assignmentsTo) : undefined;
      const from = str(d.unitId);
      if (into !== undefined && from !== undefined && members.has(into) && !members.has(from)) {
        members.add(from);
        grew = true;
      }
    }
  }
  return members;
}

/** The units a task event names. */
const unitsNamed = (d: Data): string[] => [
  ...[d.unitId, d.toUnitId].flatMap((v) => (typeof v === 'string' ? [v] : [])),
  ...strings(d.lead),
  ...strings(d.coordinators),
];

export function selectUnitEvents(input: SelectionInput): Selection {
  const { events, year, unitId } = input;
  const members = membersOf(events, unitId);
  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const streams = new Set<string>();

  for (const e of events) {
    const d = dataOf(e);
    if (e.type === 'PlanIssued' && d.year === year) streams.add(e.streamId);
    if (e.type === 'UnitEstablished' && members.has(str(d.unitId) ?? '')) streams.add(e.streamId);
    if (e.eventId === input.rankingEventId) streams.add(e.streamId);
  }
  for (const [stream, list] of byStream) {
    const defined = list.find((e) => e.type === 'TaskDefined');
    if (!defined || dataOf(defined).planYear !== year) continue;
    if (list.some((e) => unitsNamed(dataOf(e)).some((u) => members.has(u)))) streams.add(stream);
  }
  const held = () => events.filter((e) => streams.has(e.streamId));
  const referenced = new Set(held().flatMap((e) => strings(dataOf(e).evidenceFiles)));
  for (const e of events)
    if (e.type === 'EvidenceFileAdded' && referenced.has(str(dataOf(e).sha256) ?? '')) streams.add(e.streamId);
  const ids = new Set(held().map((e) => e.eventId));
  for (const e of events)
    if (e.type === 'KnowledgeClaimed' && strings(dataOf(e).eventIds).some((id) => ids.has(id))) streams.add(e.streamId);
  const cited = new Set(input.citedEventIds);
  for (const e of events) if (cited.has(e.eventId)) streams.add(e.streamId);

  return { members: [...members].sort(), streams: [...streams].sort(), events: held() };
}
