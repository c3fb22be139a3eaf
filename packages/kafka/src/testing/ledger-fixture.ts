import {
  applyPlan,
  type EventStore,
  eventIdFor,
  handleCommand,
  type LedgerStore,
  openLedgerStore,
  type PlanDefinition,
} from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';

export { seedPlan };

/** Why a test feed dated in the plan year and read today is acceptable: the unit's system sends it late. */
export const LATE_FEED = 'hệ thống đơn vị gửi muộn (thử nghiệm) / the unit system sends it late (test)';

/** A store (file or `:memory:`) holding the seed plan: its units and tasks. */
export async function openLedgerWithPlan(path: string): Promise<{ store: LedgerStore; plan: PlanDefinition }> {
  const { plan, registry } = seedPlan();
  const store = await openLedgerStore({ url: path });
  await applyPlan(store, plan, registry, {
    at: '2025-01-20T08:00:00+07:00',
    context: { actor: 'vp-so:test', source: 'test' },
  });
  return { store, plan };
}

export interface WorkloadMessage {
  readonly key: string;
  readonly value: string;
  readonly commandId: string;
  readonly taskId: string;
  readonly sequence: number;
}

/**
 * `count` valid progress reports, round-robin over the plan's (task, first lead unit) pairs, each
 * one event; `note` carries the sequence number so per-task order can be checked in the log.
 */
export function progressWorkload(plan: PlanDefinition, count: number, prefix: string): WorkloadMessage[] {
  const pairs = plan.tasks.filter((t) => t.lead.length > 0).map((t) => ({ taskId: t.id, unitId: t.lead[0]! }));
  const start = Date.parse('2025-02-01T02:00:00Z');
  return Array.from({ length: count }, (_, sequence) => {
    const { taskId, unitId } = pairs[sequence % pairs.length]!;
    const commandId = `${prefix}-${sequence}`;
    const command = {
      commandId,
      actor: 'he-thong-don-vi',
      // Dated in the plan year, read long after: each says it comes late.
      entry: { kind: 'late', reason: LATE_FEED },
      type: 'ReportProgress',
      planYear: plan.year,
      taskId,
      unitId,
      percent: sequence % 101,
      note: `#${sequence}`,
      at: new Date(start + sequence * 60_000).toISOString(),
    };
    return { key: taskId, value: JSON.stringify(command), commandId, taskId, sequence };
  });
}

export async function createTopics(admin: Admin, topics: readonly string[], numPartitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions })) });
}

/** The partition `produceAll` sends a keyed message to (kafkajs's default partitioner, murmur2 of the key). */
export function partitionOfKey(topic: string, key: string, numPartitions: number): number {
  const partitionMetadata = Array.from({ length: numPartitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    offlineReplicas: [],
  }));
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
}

/** Sends messages in chunks, acknowledged by the broker. */
export async function produceAll(
  kafka: Kafka,
  topic: string,
  messages: readonly { key: string | null; value: string | Buffer | null; headers?: Record<string, string> }[],
  chunk = 5_000,
): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk)
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
  } finally {
    await producer.disconnect();
  }
}

/** Messages the group has not committed yet on the topic (all of them before any commit). */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  let lag = 0;
  for (const end of ends) {
    const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    lag += Number(end.high) - Math.max(Number(done), Number(end.low));
  }
  return lag;
}

/** Polls until `condition` holds; an error (a coordinator still loading…) counts as "not yet". */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Messages of the topic the group has committed (the sum of its committed offsets). */
export async function committedCount(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (committed?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

/**
 * Checks a ledger after a workload: past `head`, exactly one event per workload command, with
 * the id derived from its command id, in the workload's order within each task stream.
 */
export async function workloadOutcome(
  store: LedgerStore,
  head: number,
  workload: readonly WorkloadMessage[],
): Promise<{ events: number; missing: number; unexpected: number; outOfOrderStreams: string[] }> {
  const expected = new Map(workload.map((m) => [eventIdFor(m.commandId, 0), m]));
  const seen = new Set<string>();
  let unexpected = 0;
  const lastSequence = new Map<string, number>();
  const outOfOrder = new Set<string>();
  let events = 0;
  for (let from = head + 1; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (page.length === 0) break;
    for (const event of page) {
      events++;
      const message = expected.get(event.eventId);
      if (!message || seen.has(event.eventId)) {
        unexpected++;
        continue;
      }
      seen.add(event.eventId);
      if ((lastSequence.get(event.streamId) ?? -1) > message.sequence) outOfOrder.add(event.streamId);
      lastSequence.set(event.streamId, message.sequence);
    }
    from = page[page.length - 1]!.globalPosition + 1;
  }
  return { events, missing: expected.size - seen.size, unexpected, outOfOrderStreams: [...outOfOrder] };
}

/** Sends the workload in small acknowledged chunks with pauses, so that a worker is mid-stream for a while. */
export async function produceSteadily(
  kafka: Kafka,
  topic: string,
  workload: readonly WorkloadMessage[],
  chunk = 500,
  pauseMs = 20,
): Promise<void> {
  for (let i = 0; i < workload.length; i += chunk) {
    await produceAll(kafka, topic, workload.slice(i, i + chunk));
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** Records an evidence file's metadata (what a self-score's `evidenceFiles` must name), as the office would. */
export async function recordEvidenceFile(
  store: EventStore,
  sha256: string,
  at: string,
  commandId: string,
): Promise<void> {
  await handleCommand(
    store,
    { type: 'AddEvidenceFile', sha256, fileName: 'bien-ban.pdf', size: 10, mediaType: 'application/pdf', at },
    { actor: 'vp-so:test', source: 'test', commandId },
  );
}
