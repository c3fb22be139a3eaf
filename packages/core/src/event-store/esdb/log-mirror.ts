import type { RecordedEvent } from '../../events/envelope.ts';
import { canonicalContent, chainHash, GENESIS_HASH } from '../hash-chain.ts';
import type { StoredEventRow } from '../replay-verdicts.ts';
import type { DecodedRecord } from './esdb-codec.ts';

interface Row {
  readonly event: Omit<RecordedEvent, 'data' | 'metadata'>;
  readonly metadataJson: string;
  readonly dataJson: string;
  readonly unitIds: readonly string[];
}

/**
 * The ledger as read from `$all`, in this process: where the dense global positions are assigned.
 * The n-th ledger record of `$all` (system events and records not written by this adapter left
 * out) has position n; a record whose event id is already known is a duplicate write (two
 * processes racing an `any` append past the server's idempotency window) and is skipped, so every
 * reader numbers the log the same way. Each event is hash-chained to the previous one over this
 * order, and recordedAt (the server's `created`) is held from running backwards along it.
 */
export class LogMirror {
  private readonly rows: Row[] = [];
  private readonly byId = new Map<string, Row>();
  private readonly streams = new Map<string, Row[]>();
  private readonly wakeups = new Set<() => void>();
  private headHashValue = GENESIS_HASH;
  private lastRecordedAt = '';
  /** The `$all` commit position of the last record seen: where a resumed subscription starts. */
  lastCommitPosition = -1n;
  duplicatesSkipped = 0;

  add(record: DecodedRecord): void {
    if (record.commitPosition > this.lastCommitPosition) this.lastCommitPosition = record.commitPosition;
    if (this.byId.has(record.eventId)) {
      this.duplicatesSkipped += 1;
      return;
    }
    const stream = this.streams.get(record.streamId) ?? [];
    const recordedAt = record.createdAt > this.lastRecordedAt ? record.createdAt : this.lastRecordedAt;
    this.lastRecordedAt = recordedAt;
    const content = {
      eventId: record.eventId,
      streamId: record.streamId,
      streamRevision: stream.length,
      globalPosition: this.rows.length + 1,
      type: record.type,
      schemaVersion: record.schemaVersion,
      occurredAt: record.occurredAt,
      recordedAt,
      metadataJson: record.metadataJson,
      dataJson: record.dataJson,
    };
    const hash = chainHash(this.headHashValue, canonicalContent(content));
    const row: Row = {
      event: {
        eventId: content.eventId,
        streamId: content.streamId,
        streamRevision: content.streamRevision,
        globalPosition: content.globalPosition,
        type: content.type,
        schemaVersion: content.schemaVersion,
        occurredAt: content.occurredAt,
        recordedAt,
        prevHash: this.headHashValue,
        hash,
      },
      metadataJson: record.metadataJson,
      dataJson: record.dataJson,
      unitIds: unitIdsOf(record),
    };
    this.headHashValue = hash;
    this.rows.push(row);
    stream.push(row);
    this.streams.set(record.streamId, stream);
    this.byId.set(record.eventId, row);
  }

  /** Wakes whoever waits for new events (subscriptions, appenders waiting for their own write). */
  notify(): void {
    const wakeups = [...this.wakeups];
    this.wakeups.clear();
    for (const wake of wakeups) wake();
  }

  onNext(wake: () => void): () => void {
    this.wakeups.add(wake);
    return () => this.wakeups.delete(wake);
  }

  get head(): number {
    return this.rows.length;
  }

  get headHash(): string {
    return this.headHashValue;
  }

  has(eventId: string): boolean {
    return this.byId.has(eventId);
  }

  storedRow(eventId: string): StoredEventRow | undefined {
    const row = this.byId.get(eventId);
    if (!row) return undefined;
    const e = row.event;
    return {
      id: e.eventId,
      global_position: e.globalPosition,
      stream_id: e.streamId,
      stream_revision: e.streamRevision,
      type: e.type,
      schema_version: e.schemaVersion,
      occurred_at: e.occurredAt,
      recorded_at: e.recordedAt,
      metadata: row.metadataJson,
      data: row.dataJson,
    };
  }

  revisionOf(streamId: string): number {
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  revisions(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, rows] of this.streams) out.set(id, rows.length - 1);
    return out;
  }

  readAll(from: number, limit: number): RecordedEvent[] {
    return this.rows.slice(from - 1, from - 1 + limit).map(recorded);
  }

  readStream(streamId: string, backwards: boolean, fromRevision: number | undefined, max: number): RecordedEvent[] {
    const rows = this.streams.get(streamId) ?? [];
    if (backwards) {
      const out: RecordedEvent[] = [];
      for (let r = Math.min(fromRevision ?? rows.length - 1, rows.length - 1); r >= 0 && out.length < max; r--)
        out.push(recorded(rows[r]!));
      return out;
    }
    const from = Math.max(0, fromRevision ?? 0);
    return rows.slice(from, from + Math.min(max, rows.length)).map(recorded);
  }

  streamIds(prefix: string): string[] {
    return [...this.streams.keys()].filter((s) => s.startsWith(prefix)).sort();
  }

  taskStreamsOfUnit(unitId: string): string[] {
    const found: string[] = [];
    for (const [streamId, rows] of this.streams) {
      if (streamId.startsWith('task-') && rows.some((r) => r.unitIds.includes(unitId))) found.push(streamId);
    }
    return found.sort();
  }

  /** Recomputes the chain over the mirror's rows (what a reader of the server would compute). */
  verify(): { ok: boolean; failedAt?: number; checked: number } {
    let prev = GENESIS_HASH;
    for (const [i, row] of this.rows.entries()) {
      const content = canonicalContent({ ...row.event, metadataJson: row.metadataJson, dataJson: row.dataJson });
      if (row.event.prevHash !== prev || chainHash(prev, content) !== row.event.hash)
        return { ok: false, failedAt: row.event.globalPosition, checked: i };
      prev = row.event.hash;
    }
    return { ok: true, checked: this.rows.length };
  }
}

function recorded(row: Row): RecordedEvent {
  return {
    ...row.event,
    data: JSON.parse(row.dataJson) as unknown,
    metadata: JSON.parse(row.metadataJson) as RecordedEvent['metadata'],
  };
}

function unitIdsOf(record: DecodedRecord): string[] {
  const data = JSON.parse(record.dataJson) as Record<string, unknown>;
  const metadata = JSON.parse(record.metadataJson) as { unitId?: unknown };
  const ids: string[] = [];
  const own = typeof data.unitId === 'string' ? data.unitId : metadata.unitId;
  if (typeof own === 'string') ids.push(own);
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
  if (record.type === 'TaskDefined') ids.push(...strings(data.lead), ...strings(data.coordinators));
  if (record.type === 'TaskReassigned' && typeof data.toUnitId === 'string') ids.push(data.toUnitId);
  return ids;
}
