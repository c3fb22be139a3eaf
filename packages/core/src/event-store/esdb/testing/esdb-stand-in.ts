import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  AnyMessage,
  errorsV2,
  featuresV1,
  featuresV1Grpc,
  sharedV1,
  statusV1,
  streamsV1,
  streamsV1Grpc,
  streamsV2,
  streamsV2Grpc,
  Timestamp,
} from './kurrent-protocol.ts';

/**
 * A protocol-level stand-in for a KurrentDB (EventStoreDB) node, for tests on machines where no
 * server can be installed. It speaks gRPC with the service definitions shipped in
 * `@kurrent/kurrentdb-client` and implements only what `EventStoreDbStore` uses:
 *
 * - `ServerFeatures.GetSupportedMethods`, announcing v2 `AppendRecords` (KurrentDB 26.1);
 * - v2 `StreamsService.AppendRecords`: one atomic write of records interleaved across streams,
 *   with consistency checks on any stream (also streams it does not write), all checked against
 *   the state before the write and all failures reported (KurrentDB
 *   src/KurrentDB.Api.V2/Modules/Streams/StreamsService.cs, AppendRecordsCommand; the result matrix
 *   in ApiErrors.AppendConsistencyViolation). Only one check per stream counts: the first
 *   (`StreamIndex.TryAdd`). Record properties are kept as metadata and rendered as JSON on v1 reads
 *   with `$schema.name` and `$schema.format` added (src/KurrentDB.Core/Data/EventRecord.cs,
 *   SynthesizeMetadataFromProperties);
 * - v1 `Streams.Read` as a subscription to `$all` only: a confirmation, the events after the start
 *   position, `caught_up`, then live events (the catch-up → live switch of
 *   src/KurrentDB.Core/Services/Transport/Enumerators/Enumerator.AllSubscription.cs); the event-type
 *   regex and stream-prefix filters; metadata `type`, `content-type` and `created` in ticks since
 *   the Unix epoch (src/KurrentDB.Core/Services/Transport/Grpc/MetadataHelpers.cs).
 *
 * Limits (written down in docs/event-store.md): one node, in memory, no TLS, no authentication,
 * no v1 Append/BatchAppend, no stream reads, no deletes or tombstones, no scavenging, no checkpoint
 * messages on filtered subscriptions, no server-side idempotency window (the adapter does not rely
 * on it: it detects replays itself), and positions are synthetic byte offsets (sparse and
 * increasing, like the real transaction-file positions, but not their values). Error statuses carry
 * only the typed detail the client parses (the real server also packs an ErrorInfo first).
 */
export interface StandInEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly properties: Readonly<Record<string, string>>;
  readonly createdMs: number;
  readonly position: bigint;
}

const TICKS_PER_MS = 10_000n;
const APPEND_RECORDS = { service: 'kurrentdb.protocol.v2.streams.StreamsService', method: 'AppendRecords' };
const VIOLATION_TYPE =
  'type.googleapis.com/kurrentdb.protocol.v2.streams.errors.AppendConsistencyViolationErrorDetails';
const ANY = -2n;
const NO_STREAM = -1n;
const EXISTS = -4n;

type ReadCall = grpc.ServerWritableStream<
  InstanceType<typeof streamsV1.ReadReq>,
  InstanceType<typeof streamsV1.ReadResp>
>;

export class EsdbStandIn {
  readonly events: StandInEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly live = new Set<(e: StandInEvent) => void>();
  private nextPosition = 1_000n;
  /** Test hook: called before each AppendRecords is applied (to inject a concurrent writer, a fault…). */
  beforeAppend: (() => void) | undefined;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<EsdbStandIn> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      ),
    );
    const standIn = new EsdbStandIn(server, port);
    server.addService(featuresV1Grpc.ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
        callback(null, standIn.features()),
    });
    server.addService(streamsV2Grpc.StreamsServiceService, {
      appendRecords: (
        call: grpc.ServerUnaryCall<InstanceType<typeof streamsV2.AppendRecordsRequest>, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        try {
          callback(null, standIn.appendRecords(call.request));
        } catch (error) {
          callback(error as grpc.ServiceError);
        }
      },
    });
    server.addService(streamsV1Grpc.StreamsService, { read: (call: ReadCall) => standIn.read(call) });
    return standIn;
  }

  /** The connection string a client uses. */
  get url(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false`;
  }

  async stop(): Promise<void> {
    this.live.clear();
    this.server.forceShutdown();
  }

  private features() {
    const method = new featuresV1.SupportedMethod();
    method.setServiceName(APPEND_RECORDS.service.toLowerCase());
    method.setMethodName(APPEND_RECORDS.method.toLowerCase());
    const methods = new featuresV1.SupportedMethods();
    methods.setMethodsList([method]);
    methods.setEventStoreServerVersion('26.1.0-stand-in');
    return methods;
  }

  private appendRecords(request: InstanceType<typeof streamsV2.AppendRecordsRequest>) {
    this.beforeAppend?.();
    // Expected states by stream: the checks first (the first per stream wins), then `any` for
    // every other stream written.
    const expected = new Map<string, { index: number; state: bigint }>();
    request.getChecksList().forEach((check, index) => {
      const state = check.getStreamState();
      if (state && !expected.has(state.getStream()))
        expected.set(state.getStream(), { index, state: BigInt(state.getExpectedState()) });
    });
    const violations = [];
    for (const [stream, { index, state }] of expected) {
      const actual = BigInt(this.revisions.get(stream) ?? -1);
      if (violates(state, actual)) {
        const v = new errorsV2.ConsistencyViolation();
        v.setCheckIndex(index);
        const s = new errorsV2.ConsistencyViolation.StreamStateViolation();
        s.setStream(stream);
        s.setExpectedState(state.toString());
        s.setActualState(actual.toString());
        v.setStreamState(s);
        violations.push(v);
      }
    }
    if (violations.length > 0) throw violationError(violations);
    const records = request.getRecordsList();
    for (const record of records) {
      if (!/^[0-9a-f-]{36}$/i.test(record.getRecordId() ?? '') || !record.getSchema()?.getName()) {
        throw statusError(grpc.status.INVALID_ARGUMENT, 'invalid record: record_id must be a UUID, schema.name set');
      }
    }
    const now = Date.now();
    const lastRevisions = new Map<string, number>();
    const written: StandInEvent[] = [];
    for (const record of records) {
      const streamId = record.getStream();
      const revision = (this.revisions.get(streamId) ?? -1) + 1;
      this.revisions.set(streamId, revision);
      lastRevisions.set(streamId, revision);
      const properties: Record<string, string> = {};
      for (const [key, value] of record.getPropertiesMap().entries()) properties[key] = value.getStringValue();
      const data = record.getData_asU8();
      const event: StandInEvent = {
        streamId,
        revision,
        eventId: record.getRecordId()!.toLowerCase(),
        type: record.getSchema()!.getName(),
        isJson: record.getSchema()!.getFormat() === streamsV2.SchemaFormat.SCHEMA_FORMAT_JSON,
        data,
        properties,
        createdMs: now,
        position: this.nextPosition,
      };
      this.nextPosition += BigInt(120 + data.length);
      this.events.push(event);
      written.push(event);
    }
    const response = new streamsV2.AppendRecordsResponse();
    response.setPosition((written.at(-1)?.position ?? this.nextPosition).toString());
    for (const [stream, revision] of lastRevisions) {
      const r = new streamsV2.StreamRevision();
      r.setStream(stream);
      r.setRevision(revision.toString());
      response.addRevisions(r);
    }
    for (const e of written) for (const push of this.live) push(e);
    return response;
  }

  private read(call: ReadCall): void {
    const options = call.request.getOptions();
    const all = options?.getAll();
    if (!options || !all || !options.hasSubscription()) {
      call.emit('error', statusError(grpc.status.UNIMPLEMENTED, 'stand-in: only subscriptions to $all'));
      return;
    }
    const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : all.hasEnd() ? -2n : -1n;
    const matches = filterOf(options.getFilter());
    const confirmation = new streamsV1.ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const first = new streamsV1.ReadResp();
    first.setConfirmation(confirmation);
    call.write(first);
    const send = (e: StandInEvent) => {
      if (matches(e)) call.write(toReadResp(e));
    };
    // Catch-up: everything after the start position (a position is exclusive, as on the server).
    const startIndex = from === -2n ? this.events.length : this.events.findIndex((e) => e.position > from);
    if (startIndex >= 0) for (const e of this.events.slice(startIndex)) send(e);
    const caughtUp = new streamsV1.ReadResp.CaughtUp();
    caughtUp.setTimestamp(Timestamp.fromDate(new Date()));
    const caught = new streamsV1.ReadResp();
    caught.setCaughtUp(caughtUp);
    call.write(caught);
    // Live: appends are pushed synchronously after the catch-up above, so nothing falls between.
    this.live.add(send);
    const end = () => this.live.delete(send);
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }
}

function violates(expected: bigint, actual: bigint): boolean {
  if (expected === ANY) return false;
  if (expected === NO_STREAM) return actual !== NO_STREAM;
  if (expected === EXISTS) return actual === NO_STREAM;
  return expected !== actual;
}

function filterOf(filter: InstanceType<typeof streamsV1.ReadReq.Options.FilterOptions> | undefined) {
  if (!filter) return () => true;
  const byType = filter.getEventType();
  const byStream = filter.getStreamIdentifier();
  const test = (expression: typeof byType, value: string) => {
    if (!expression) return true;
    const regex = expression.getRegex();
    const prefixes = expression.getPrefixList();
    if (regex && !new RegExp(regex).test(value)) return false;
    return prefixes.length === 0 || prefixes.some((p) => value.startsWith(p));
  };
  return (e: StandInEvent) => test(byType, e.type) && test(byStream, e.streamId);
}

function toReadResp(e: StandInEvent) {
  const recorded = new streamsV1.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedV1.UUID();
  id.setString(e.eventId);
  recorded.setId(id);
  const stream = new sharedV1.StreamIdentifier();
  stream.setStreamName(Buffer.from(e.streamId, 'utf8'));
  recorded.setStreamIdentifier(stream);
  recorded.setStreamRevision(String(e.revision));
  recorded.setPreparePosition(e.position.toString());
  recorded.setCommitPosition(e.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', e.type);
  metadata.set('created', (BigInt(e.createdMs) * TICKS_PER_MS).toString());
  metadata.set('content-type', e.isJson ? 'application/json' : 'application/octet-stream');
  const properties = { ...e.properties, '$schema.name': e.type, '$schema.format': e.isJson ? 'Json' : 'Bytes' };
  recorded.setCustomMetadata(Buffer.from(JSON.stringify(properties), 'utf8'));
  recorded.setData(e.data);
  const read = new streamsV1.ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(e.position.toString());
  const response = new streamsV1.ReadResp();
  response.setEvent(read);
  return response;
}

function statusError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function violationError(violations: InstanceType<typeof errorsV2.ConsistencyViolation>[]): grpc.ServiceError {
  const detail = new errorsV2.AppendConsistencyViolationErrorDetails();
  detail.setViolationsList(violations);
  const any = new AnyMessage();
  any.setTypeUrl(VIOLATION_TYPE);
  any.setValue(detail.serializeBinary());
  const status = new statusV1.Status();
  status.setCode(grpc.status.FAILED_PRECONDITION as number as Parameters<typeof status.setCode>[0]);
  const message = 'Failed to append transaction due to consistency violations.';
  status.setMessage(message);
  status.setDetails(any as Parameters<typeof status.setDetails>[0]);
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(message), { code: grpc.status.FAILED_PRECONDITION, details: message, metadata });
}
