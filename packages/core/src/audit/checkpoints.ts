import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ValidationError } from '../errors/cchc-error.ts';
import type { LedgerStore } from '../event-store/capabilities.ts';
import { type Checkpoint, checkpointSignedText as signedText } from './checkpoint-format.ts';
import { logTreeOf } from './log-tree.ts';
import { verifyConsistency } from './merkle-proofs.ts';

export { type Checkpoint, checkpointSchema, checkpointSignedText } from './checkpoint-format.ts';

/** The data directory's signing key, created at first use (mode 0600). */
export function checkpointKeyOf(dataDir: string): { privateKey: KeyObject; publicKey: KeyObject; path: string } {
  const path = join(dataDir, 'checkpoint-key.pem');
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(path));
  return { privateKey, publicKey: createPublicKey(privateKey), path };
}

export const publicKeyText = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');

/** Signs the log's tree as it is now. */
export async function takeCheckpoint(store: LedgerStore, key: KeyObject, now: Date = new Date()): Promise<Checkpoint> {
  const tree = await logTreeOf(store);
  if (tree.size === 0)
    throw new ValidationError({ vi: 'Mốc kiểm chứng', en: 'checkpoint' }, [
      { path: 'log', message: 'sổ cái còn trống / the log is empty' },
    ]);
  const body = { treeSize: tree.size, root: tree.root().toString('hex'), takenAt: now.toISOString() };
  const signature = sign(null, Buffer.from(signedText(body)), key).toString('base64');
  return { format: 'cchc-checkpoint/1', ...body, publicKey: publicKeyText(createPublicKey(key)), signature };
}

export type CheckpointCheck =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly headSize: number }
  | {
      readonly ok: false;
      readonly reason: 'signature' | 'key_not_trusted' | 'log_shorter' | 'not_a_prefix';
      readonly vi: string;
      readonly en: string;
    };

/**
 * That the log now extends the checkpoint: its signature holds (with the trusted key, when one is
 * given), and a consistency proof from its size to the head verifies against its root. A log
 * rewritten or cut before its size, even re-chained, fails.
 */
export async function checkAgainst(
  store: LedgerStore,
  checkpoint: Checkpoint,
  trustedPublicKey?: string,
): Promise<CheckpointCheck> {
  if (!checkpointSignatureHolds(checkpoint))
    return {
      ok: false,
      reason: 'signature',
      vi: 'chữ ký không khớp nội dung mốc',
      en: 'the signature does not match the checkpoint',
    };
  if (trustedPublicKey !== undefined && trustedPublicKey.trim() !== checkpoint.publicKey)
    return {
      ok: false,
      reason: 'key_not_trusted',
      vi: 'mốc được ký bằng khóa khác khóa công khai được tin cậy',
      en: 'the checkpoint is signed by a key other than the trusted public key',
    };
  // Built from the log itself: a kept tree file is a cache, and a check must not trust it.
  const tree = await logTreeOf(store, { fromLog: true });
  if (tree.size < checkpoint.treeSize)
    return {
      ok: false,
      reason: 'log_shorter',
      vi: `sổ cái chỉ còn ${tree.size} sự kiện, mốc có ${checkpoint.treeSize}`,
      en: `the log holds ${tree.size} events, the checkpoint ${checkpoint.treeSize}`,
    };
  const proof = tree.consistencyProof(checkpoint.treeSize, tree.size);
  if (!verifyConsistency(checkpoint.treeSize, tree.size, proof, Buffer.from(checkpoint.root, 'hex'), tree.root()))
    return {
      ok: false,
      reason: 'not_a_prefix',
      vi: `sổ cái hiện tại không phải phần mở rộng của sổ cái lúc lập mốc (cỡ ${checkpoint.treeSize}): đã bị sửa hoặc viết lại`,
      en: `the log now does not extend the log of the checkpoint (size ${checkpoint.treeSize}): it was changed or rewritten`,
    };
  return { ok: true, checkpoint, headSize: tree.size };
}

/** That the checkpoint's signature holds with the public key it names (not that the key is trusted). */
export function checkpointSignatureHolds(checkpoint: Checkpoint): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(checkpoint.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(signedText(checkpoint)), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
