import { sign } from 'node:crypto';
import {
  asHashed,
  CchcError,
  type Checkpoint,
  CheckpointKeeper,
  checkpointKeyOf,
  type DuckDb,
  EvidenceFiles,
  evidenceDirOf,
  type LedgerStore,
  logTreeOf,
  NotFoundError,
  type RecordedEvent,
  sha256Of,
} from '@cchc/core';
import {
  citedEventIds,
  evidencePathOf,
  explainUnit,
  MANIFEST_SIGNATURE_PREFIX,
  type Manifest,
  PACK_FILES,
  PACK_FORMAT,
  type PackConsistency,
  type PackEvent,
  type PackRanking,
  packRankingSchema,
  type Rulebook,
  rankingRulebookFor,
  rankingsInContext,
} from '@cchc/projections';
import { PACK_README } from './pack-readme.ts';
import { selectUnitEvents } from './pack-selection.ts';
import { verifierHtml } from './verifier-html.ts';

export interface BuildPackInput {
  readonly store: LedgerStore;
  /** Read models caught up to the store's head. */
  readonly db: DuckDb;
  /** The data directory: its checkpoint key signs the pack's checkpoint and manifest; its evidence files go in. */
  readonly dataDir: string;
  readonly year: number;
  readonly unitId?: string;
  /** The rulebook the ranking used, when it is not the year's shipped default. */
  readonly rulebook?: Rulebook;
  /**
   * Earlier checkpoints to prove the pack's log extends (RFC 9162 consistency proofs), besides
   * those the data directory keeps under checkpoints/: the ones the inspector hands in.
   */
  readonly against?: readonly Checkpoint[];
  readonly now?: Date;
}

export interface BuiltPack {
  readonly files: Map<string, Uint8Array<ArrayBuffer>>;
  readonly manifest: Manifest;
  readonly checkpoint: Checkpoint;
  readonly ranking: PackRanking;
  readonly events: number;
  readonly evidenceFiles: number;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`) as Uint8Array<ArrayBuffer>;
/** The log does not hold what a pack would certify (`cchc verify` says where): no pack is made. */
export class PackRefusedError extends CchcError {
  readonly code = 'PACK_REFUSED';
}

async function readLog(store: LedgerStore, upTo: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  while (out.length < upTo) {
    const page = await store.readAll({ fromPosition: out.length + 1, limit: Math.min(10_000, upTo - out.length) });
    if (page.length === 0) break;
    out.push(...page);
  }
  return out;
}

/** The latest RankingPublished of the year, or the ranking as it is now (not published). */
async function rankingOf(
  db: DuckDb,
  log: readonly RecordedEvent[],
  year: number,
  rulebook: Rulebook | undefined,
  now: Date,
): Promise<PackRanking> {
  const published = log.filter((e) => e.type === 'RankingPublished' && (e.data as { year?: unknown }).year === year);
  const last = published[published.length - 1];
  if (last)
    return { published: true, eventId: last.eventId, ranking: packRankingSchema.shape.ranking.parse(last.data) };
  const { rankings } = await rankingsInContext(db, { now, year, ...(rulebook ? { rulebook } : {}) });
  const current = rankings[0]?.ranking;
  if (!current) throw new NotFoundError(`Không có xếp hạng nào của năm ${year}`, `no ranking of ${year}`);
  return {
    published: false,
    eventId: null,
    ranking: packRankingSchema.shape.ranking.parse({
      year: current.year,
      planId: current.planId,
      rulebook: current.rulebook,
      asOf: current.asOf,
      position: current.position,
      inputsHash: current.inputsHash,
      rows: current.rows.map((r) => ({ unitId: r.unitId, score: r.score, band: r.band, rank: r.rank })),
    }),
  };
}

/** The event with its stored texts, as the store hashed it; refused when it does not hash to its stored hash. */
function packEventOf(e: RecordedEvent, proof: readonly Buffer[]): PackEvent {
  const hashed = asHashed(e);
  if (!hashed)
    throw new PackRefusedError(
      `sự kiện ở vị trí ${e.globalPosition} không khớp băm của nó: chạy cchc verify trước khi lập gói`,
      `the event at position ${e.globalPosition} does not match its hash: run cchc verify before making a pack`,
    );
  return { ...hashed, proof: proof.map((p) => p.toString('hex')) };
}

/**
 * Builds an evidence pack (issue 16): a checkpoint taken for it, the ranking and (for a unit) its
 * explanation, the events behind them with inclusion proofs against that checkpoint, the rulebook,
 * the evidence files, a signed manifest, and verifier.html.
 */
export async function buildEvidencePack(input: BuildPackInput): Promise<BuiltPack> {
  const now = input.now ?? new Date();
  const key = checkpointKeyOf(input.dataDir);
  const keeper = new CheckpointKeeper(input.dataDir, input.store, () => now);
  // The checkpoints kept before this one, then this one, kept too (as `cchc checkpoint` does).
  const kept = keeper.list().map((k) => k.checkpoint);
  const { checkpoint } = await keeper.take();
  const log = await readLog(input.store, checkpoint.treeSize);
  const ranking = await rankingOf(input.db, log, input.year, input.rulebook, now);
  const r = ranking.ranking;
  const rulebook = input.rulebook ?? rankingRulebookFor(r.year);
  if (rulebook.id !== r.rulebook.id || rulebook.version !== r.rulebook.version)
    throw new PackRefusedError(
      `Xếp hạng dùng bộ quy tắc ${r.rulebook.id} v${r.rulebook.version}: hãy đưa tệp đó bằng --rulebook`,
      `the ranking used rulebook ${r.rulebook.id} v${r.rulebook.version}: pass that file with --rulebook`,
    );
  const planId = r.planId ?? planIdOf(log, r.year);

  let explanation: unknown;
  let held: readonly RecordedEvent[] = log;
  let scope: Manifest['scope'] = { year: r.year, planId, unitId: null, members: [], streams: [] };
  if (input.unitId !== undefined) {
    const x = await explainUnit(input.db, {
      unitId: input.unitId,
      asOf: r.asOf,
      position: r.position,
      planId,
      rulebook,
      now,
    });
    explanation = x;
    const selection = selectUnitEvents({
      events: log,
      year: r.year,
      unitId: input.unitId,
      rankingEventId: ranking.eventId,
      citedEventIds: citedEventIds(x),
    });
    held = selection.events;
    scope = { ...scope, unitId: input.unitId, members: selection.members, streams: selection.streams };
  }

  const tree = await logTreeOf(input.store);
  const events = held.map((e) => packEventOf(e, tree.inclusionProof(e.globalPosition - 1, checkpoint.treeSize)));
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  files.set(PACK_FILES.checkpoint, json(checkpoint));
  files.set(PACK_FILES.publicKey, encoder.encode(`${checkpoint.publicKey}\n`) as Uint8Array<ArrayBuffer>);
  files.set(PACK_FILES.events, json(events));
  files.set(PACK_FILES.ranking, json(ranking));
  if (explanation !== undefined) files.set(PACK_FILES.explanation, json(explanation));
  files.set(PACK_FILES.rulebook, json(rulebook));
  const earlier = [...kept, ...(input.against ?? [])].filter(
    (c, i, all) => c.treeSize <= checkpoint.treeSize && all.findIndex((d) => d.signature === c.signature) === i,
  );
  const consistency: PackConsistency = earlier.map((c) => ({
    checkpoint: c,
    proof: tree.consistencyProof(c.treeSize, checkpoint.treeSize).map((h) => h.toString('hex')),
  }));
  files.set(PACK_FILES.consistency, json(consistency));
  const evidence = new EvidenceFiles(evidenceDirOf(input.dataDir));
  let evidenceFiles = 0;
  for (const e of held) {
    if (e.type !== 'EvidenceFileAdded') continue;
    const { sha256: hash, fileName } = e.data as { sha256: string; fileName: string };
    const bytes = evidence.read(hash);
    if (!bytes)
      throw new PackRefusedError(
        `tệp kiểm chứng ${fileName} (${hash}) thiếu hoặc đã bị sửa: chạy cchc verify`,
        `evidence file ${fileName} (${hash}) is missing or altered: run cchc verify`,
      );
    files.set(evidencePathOf(hash), new Uint8Array(bytes));
    evidenceFiles += 1;
  }
  files.set(PACK_FILES.readme, encoder.encode(PACK_README) as Uint8Array<ArrayBuffer>);
  files.set(PACK_FILES.verifier, encoder.encode(await verifierHtml()) as Uint8Array<ArrayBuffer>);

  const manifest: Manifest = {
    format: PACK_FORMAT,
    createdAt: now.toISOString(),
    scope,
    checkpoint: { treeSize: checkpoint.treeSize, root: checkpoint.root, takenAt: checkpoint.takenAt },
    files: [...files].map(([path, bytes]) => ({ path, sha256: sha256Of(bytes), size: bytes.byteLength })),
  };
  const manifestBytes = json(manifest);
  const signature = sign(
    null,
    Buffer.concat([Buffer.from(MANIFEST_SIGNATURE_PREFIX), manifestBytes]),
    key.privateKey,
  ).toString('base64');
  files.set(PACK_FILES.manifest, manifestBytes);
  files.set(PACK_FILES.manifestSignature, encoder.encode(signature) as Uint8Array<ArrayBuffer>);
  return { files, manifest, checkpoint, ranking, events: events.length, evidenceFiles };
}

function planIdOf(log: readonly RecordedEvent[], year: number): string {
  const plan = log.find((e) => e.type === 'PlanIssued' && (e.data as { year?: unknown }).year === year);
  const id = (plan?.data as { planId?: unknown } | undefined)?.planId;
  if (typeof id !== 'string') throw new NotFoundError(`Không có kế hoạch năm ${year}`, `no plan of ${year}`);
  return id;
}
