import { type Checkpoint, checkpointSchema, checkpointSignedText, eventMetadataSchema } from '@cchc/core';
import {
  Checks,
  decoder,
  eventName,
  type PackFiles,
  type PackVerification,
  readJson,
  type VerifyPackOptions,
} from './pack-checks.ts';
import {
  bytesOfBase64,
  chainHashOf,
  consistencyVerifies,
  ed25519Verifies,
  inclusionVerifies,
  sha256Hex,
} from './pack-crypto.ts';
import {
  explanationRefsSchema,
  MANIFEST_SIGNATURE_PREFIX,
  type Manifest,
  manifestSchema,
  PACK_FILES,
  type PackConsistency,
  type PackEvent,
  packConsistencySchema,
  packEventsSchema,
  packRankingSchema,
} from './pack-format.ts';
import {
  checkCompleteness,
  checkEvidenceFiles,
  checkExplanation,
  checkRanking,
  checkRulebook,
  readRulebook,
} from './verify-contents.ts';
import { checkScores, type PackedEvent } from './verify-score.ts';

/**
 * Checks an evidence pack with nothing but its files: what `cchc evidence-pack verify` runs in
 * Node and verifier.html runs in the browser, the one definition of "the pack holds".
 */

export async function verifyPack(files: PackFiles, options: VerifyPackOptions): Promise<PackVerification> {
  const checks = new Checks();
  const manifest = readJson(files, PACK_FILES.manifest, manifestSchema, checks);
  if (!manifest) return { ok: false, checks: checks.sorted() };
  await checkFiles(files, manifest, checks);
  const checkpoint = readJson(files, PACK_FILES.checkpoint, checkpointSchema, checks);
  if (checkpoint) await checkSignatures(files, manifest, checkpoint, options.trustedKey, checks);
  const events = readJson(files, PACK_FILES.events, packEventsSchema, checks);
  const ranking = readJson(files, PACK_FILES.ranking, packRankingSchema, checks);
  const rulebook = readRulebook(files, options, checks);
  if (events && checkpoint) await checkEvents(events, checkpoint, checks);
  const consistency = files.has(PACK_FILES.consistency)
    ? readJson(files, PACK_FILES.consistency, packConsistencySchema, checks)
    : [];
  if (checkpoint && consistency) await checkConsistency(consistency, checkpoint, options.keptCheckpoints ?? [], checks);
  const packed = events ? decodeEvents(events, checks) : undefined;
  if (events) checkCompleteness(events, manifest, checkpoint, checks);
  if (packed) await checkEvidenceFiles(files, packed, checks);
  if (ranking && events) checkRanking(ranking, events, manifest, checks);
  if (ranking && rulebook) checkRulebook(ranking, rulebook, checks);
  const explanation = files.has(PACK_FILES.explanation)
    ? readJson(files, PACK_FILES.explanation, explanationRefsSchema, checks)
    : undefined;
  if (manifest.scope.unitId !== null && !files.has(PACK_FILES.explanation))
    checks.fail(
      'explanation',
      PACK_FILES.explanation,
      'thiếu giải trình điểm của đơn vị',
      "the unit's explanation is missing",
    );
  if (explanation && ranking && events) checkExplanation(explanation, ranking, events, manifest, checks);
  if (packed && ranking && rulebook) {
    for (const c of checkScores(packed, ranking, rulebook, manifest.scope)) checks.list.push(c);
  }
  const sorted = checks.sorted();
  return { ok: sorted.every((c) => c.state !== 'fail'), checks: sorted, manifest };
}

async function checkFiles(files: PackFiles, manifest: Manifest, checks: Checks): Promise<void> {
  let failed = false;
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const bytes = files.get(f.path);
    if (!bytes) {
      checks.fail(
        'files',
        f.path,
        `thiếu tệp ${f.path} (có trong bản kê)`,
        `file ${f.path} (in the manifest) is missing`,
      );
      failed = true;
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== f.sha256 || bytes.byteLength !== f.size) {
      checks.fail(
        'files',
        f.path,
        `tệp ${f.path} đã bị thay đổi: SHA-256 ${actual}, bản kê ghi ${f.sha256}`,
        `file ${f.path} was changed: SHA-256 ${actual}, the manifest says ${f.sha256}`,
      );
      failed = true;
    }
  }
  for (const path of files.keys()) {
    if (listed.has(path) || path === PACK_FILES.manifest || path === PACK_FILES.manifestSignature) continue;
    checks.fail('files', path, `tệp ${path} không có trong bản kê`, `file ${path} is not in the manifest`);
    failed = true;
  }
  if (!failed)
    checks.pass(
      'files',
      PACK_FILES.manifest,
      `${manifest.files.length} tệp khớp SHA-256 trong bản kê`,
      `${manifest.files.length} files match their SHA-256 in the manifest`,
    );
}

async function checkSignatures(
  files: PackFiles,
  manifest: Manifest,
  checkpoint: Checkpoint,
  trustedKey: string | undefined,
  checks: Checks,
): Promise<void> {
  const subject = `checkpoint.json (tree_size ${checkpoint.treeSize}, root ${checkpoint.root.slice(0, 16)}…)`;
  if (await ed25519Verifies(checkpoint.publicKey, checkpoint.signature, checkpointSignedText(checkpoint)))
    checks.pass(
      'checkpoint_signature',
      subject,
      `chữ ký Ed25519 của mốc kiểm chứng hợp lệ (cỡ ${checkpoint.treeSize}, lập lúc ${checkpoint.takenAt} UTC)`,
      `the checkpoint's Ed25519 signature holds (size ${checkpoint.treeSize}, taken ${checkpoint.takenAt} UTC)`,
    );
  else
    checks.fail(
      'checkpoint_signature',
      subject,
      'chữ ký của mốc kiểm chứng không khớp nội dung mốc',
      'the checkpoint signature does not match the checkpoint',
    );
  const m = manifest.checkpoint;
  if (m.treeSize !== checkpoint.treeSize || m.root !== checkpoint.root || m.takenAt !== checkpoint.takenAt)
    checks.fail(
      'checkpoint_signature',
      PACK_FILES.manifest,
      'mốc trong bản kê khác checkpoint.json',
      'the checkpoint in the manifest differs from checkpoint.json',
    );
  const signature = files.get(PACK_FILES.manifestSignature);
  const manifestBytes = files.get(PACK_FILES.manifest)!;
  const message = new Uint8Array([...new TextEncoder().encode(MANIFEST_SIGNATURE_PREFIX), ...manifestBytes]);
  if (!signature)
    checks.fail(
      'manifest_signature',
      PACK_FILES.manifestSignature,
      'thiếu chữ ký bản kê',
      'the manifest signature is missing',
    );
  else if (await ed25519Verifies(checkpoint.publicKey, decoder.decode(signature), message))
    checks.pass(
      'manifest_signature',
      PACK_FILES.manifestSignature,
      'bản kê được ký bằng cùng khóa với mốc kiểm chứng',
      'the manifest is signed with the checkpoint’s key',
    );
  else
    checks.fail(
      'manifest_signature',
      PACK_FILES.manifestSignature,
      'chữ ký bản kê không khớp (bản kê đã bị sửa hoặc ký bằng khóa khác)',
      'the manifest signature does not verify (the manifest was changed, or signed with another key)',
    );
  const packedKey = files.get(PACK_FILES.publicKey);
  if (packedKey && decoder.decode(packedKey).trim() !== checkpoint.publicKey)
    checks.fail(
      'trusted_key',
      PACK_FILES.publicKey,
      'public-key.txt khác khóa của mốc kiểm chứng',
      'public-key.txt differs from the checkpoint’s key',
    );
  if (trustedKey === undefined || trustedKey.trim() === '') {
    const fingerprint = (await sha256Hex(bytesOfBase64(checkpoint.publicKey))).slice(0, 16);
    checks.note(
      'trusted_key',
      PACK_FILES.publicKey,
      `chưa so khóa: hãy so khóa công khai của gói (dấu ${fingerprint}) với khóa Thanh tra đã nhận`,
      `key not compared: compare the pack's public key (fingerprint ${fingerprint}) with the one the inspectorate was given`,
    );
  } else if (trustedKey.trim() === checkpoint.publicKey)
    checks.pass(
      'trusted_key',
      PACK_FILES.publicKey,
      'mốc được ký bằng khóa được tin cậy',
      'signed with the trusted key',
    );
  else
    checks.fail(
      'trusted_key',
      PACK_FILES.publicKey,
      'mốc được ký bằng khóa khác khóa công khai được tin cậy',
      'the checkpoint is signed by a key other than the trusted public key',
    );
}

async function checkEvents(events: readonly PackEvent[], checkpoint: Checkpoint, checks: Checks): Promise<void> {
  let hashFailures = 0;
  let proofFailures = 0;
  for (const e of events) {
    const recomputed = await chainHashOf(e);
    if (recomputed !== e.hash) {
      hashFailures += 1;
      checks.fail(
        'event_hash',
        eventName(e),
        `sự kiện ${eventName(e)}: nội dung đã bị thay đổi (băm tính lại ${recomputed.slice(0, 16)}…, ghi ${e.hash.slice(0, 16)}…)`,
        `event ${eventName(e)}: its content was changed (recomputed hash ${recomputed.slice(0, 16)}…, stated ${e.hash.slice(0, 16)}…)`,
      );
    }
    // The proof is of the recomputed hash: a stated hash that was forged to match cannot pass.
    if (!(await inclusionVerifies(recomputed, e.globalPosition - 1, checkpoint.treeSize, e.proof, checkpoint.root))) {
      proofFailures += 1;
      checks.fail(
        'inclusion',
        eventName(e),
        `sự kiện ${eventName(e)}: bằng chứng bao hàm không dẫn tới gốc của mốc (sổ cái đã bị sửa hoặc viết lại)`,
        `event ${eventName(e)}: its inclusion proof does not lead to the checkpoint's root (the log was changed or rewritten)`,
      );
    }
  }
  if (hashFailures === 0)
    checks.pass(
      'event_hash',
      PACK_FILES.events,
      `${events.length} sự kiện: băm chuỗi tính lại từ nội dung đều khớp`,
      `${events.length} events: every chain hash recomputed from its content matches`,
    );
  if (proofFailures === 0)
    checks.pass(
      'inclusion',
      PACK_FILES.events,
      `${events.length} sự kiện: mỗi bằng chứng bao hàm (RFC 9162) dẫn tới gốc của mốc`,
      `${events.length} events: every inclusion proof (RFC 9162) leads to the checkpoint's root`,
    );
}

/** The pack events as recorded events for the reference scorer; a failed check for metadata the store could not have written. */
function decodeEvents(events: readonly PackEvent[], checks: Checks): PackedEvent[] | undefined {
  const out: PackedEvent[] = [];
  for (const e of events) {
    try {
      const metadata = eventMetadataSchema.parse(JSON.parse(e.metadataJson));
      const { metadataJson: _m, dataJson, proof: _p, ...rest } = e;
      out.push({ ...rest, data: JSON.parse(dataJson) as unknown, metadata });
    } catch (error) {
      const why = error instanceof Error ? error.message.slice(0, 200) : String(error);
      checks.fail(
        'event_hash',
        eventName(e),
        `sự kiện ${eventName(e)}: không đọc được nội dung (${why})`,
        `event ${eventName(e)}: its content cannot be read (${why})`,
      );
      return undefined;
    }
  }
  return out;
}

/**
 * Each earlier checkpoint the pack carries a consistency proof from (signed, by the same key) is a
 * prefix of the pack's; each checkpoint the inspector kept must be among them, with the same root.
 */
async function checkConsistency(
  proofs: PackConsistency,
  checkpoint: Checkpoint,
  kept: readonly Checkpoint[],
  checks: Checks,
): Promise<void> {
  const before = checks.list.length;
  const name = (c: Checkpoint) => `checkpoint ${c.treeSize} @ ${c.takenAt}`;
  for (const { checkpoint: earlier, proof } of proofs) {
    if (!(await ed25519Verifies(earlier.publicKey, earlier.signature, checkpointSignedText(earlier))))
      checks.fail(
        'consistency',
        name(earlier),
        'chữ ký của mốc trước không khớp',
        'the earlier checkpoint’s signature does not verify',
      );
    else if (!(await consistencyVerifies(earlier.treeSize, checkpoint.treeSize, proof, earlier.root, checkpoint.root)))
      checks.fail(
        'consistency',
        name(earlier),
        `sổ cái của gói (cỡ ${checkpoint.treeSize}) không mở rộng mốc cỡ ${earlier.treeSize} lập lúc ${earlier.takenAt} UTC: sổ cái đã bị sửa hoặc viết lại trước vị trí ${earlier.treeSize}`,
        `the pack's log (size ${checkpoint.treeSize}) does not extend the checkpoint of size ${earlier.treeSize} taken ${earlier.takenAt} UTC: the log was changed or rewritten before position ${earlier.treeSize}`,
      );
  }
  for (const mine of kept) {
    const carried = proofs.find((p) => p.checkpoint.treeSize === mine.treeSize);
    if (mine.treeSize === checkpoint.treeSize && mine.root === checkpoint.root) continue;
    if (!carried)
      checks.fail(
        'consistency',
        name(mine),
        `gói không có bằng chứng nhất quán từ mốc cỡ ${mine.treeSize} của bạn: yêu cầu lập gói với --against mốc đó`,
        `the pack carries no consistency proof from your checkpoint of size ${mine.treeSize}: ask for a pack made with --against it`,
      );
    else if (carried.checkpoint.root !== mine.root)
      checks.fail(
        'consistency',
        name(mine),
        `gốc của mốc cỡ ${mine.treeSize} trong gói khác gốc bạn đã lưu: sổ cái đã bị viết lại`,
        `the root of the size-${mine.treeSize} checkpoint in the pack differs from the one you kept: the log was rewritten`,
      );
  }
  if (checks.list.length === before && (proofs.length > 0 || kept.length > 0))
    checks.pass(
      'consistency',
      PACK_FILES.consistency,
      `sổ cái của gói mở rộng ${proofs.length} mốc trước (RFC 9162)${kept.length ? `, kể cả ${kept.length} mốc bạn đã lưu` : ''}`,
      `the pack's log extends ${proofs.length} earlier checkpoints (RFC 9162)${kept.length ? `, including the ${kept.length} you kept` : ''}`,
    );
}
