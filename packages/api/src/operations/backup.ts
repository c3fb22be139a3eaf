import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CchcError, capabilityOf, type LedgerStore, openLedgerStore, ValidationError } from '@cchc/core';
import { z } from 'zod';
import { ApiKeyStore } from '../access/api-keys.ts';
import { copyEvidence, damagedEvidence, restoreEvidence } from './backup-evidence.ts';

export const BACKUP_STORE_FILE = 'events.duckdb';
export const BACKUP_KEYS_FILE = 'api-keys.json';
export const BACKUP_MANIFEST = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal('cchc-backup-1'),
  createdAt: z.string(),
  source: z.string(),
  head: z.object({ position: z.number().int().min(0), hash: z.string() }),
  files: z.record(z.string(), z.string().regex(/^[a-f0-9]{64}$/)),
  /** Evidence files copied under evidence/ (each named by its SHA-256); absent in backups made before them. */
  evidence: z.array(z.string().regex(/^[a-f0-9]{64}$/)).optional(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export class BackupError extends CchcError {
  readonly code = 'BACKUP_INVALID';
  constructor(dir: string, reason: { vi: string; en: string }) {
    super(`Bản sao lưu ${dir} không dùng được: ${reason.vi}`, `backup ${dir} cannot be used: ${reason.en}`);
  }
}

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // A directory that cannot be opened for fsync on this platform: the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A consistent backup of a data directory into `out` (which must not exist or be empty), while the
 * store keeps serving: the database copied in one snapshot (the `snapshotCopy` capability), the key file
 * under its lock, a manifest with the head position and hash and each file's SHA-256. Everything is
 * written into `<out>.partial-<pid>` and renamed to `out` at the end, so a backup killed half-way
 * never looks like one. The copy is then verified (its chain recomputed) before the rename.
 */
export async function backupDataDir(store: LedgerStore, keyFile: string, out: string): Promise<BackupManifest> {
  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new ValidationError({ vi: 'Sao lưu', en: 'backup' }, [
      { path: 'out', message: `${target} đã có nội dung / already holds files` },
    ]);
  }
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    const head = await capabilityOf(store, 'snapshotCopy').copyTo(join(partial, BACKUP_STORE_FILE));
    const copied = await openLedgerStore({ url: join(partial, BACKUP_STORE_FILE), readOnly: true });
    try {
      const verification = await capabilityOf(copied, 'chainVerifier').verifyChain();
      if (!verification.ok || (await copied.headPosition()) !== head.position) {
        throw new BackupError(partial, {
          vi: 'chuỗi băm của bản sao không khớp',
          en: 'the copy’s hash chain does not verify',
        });
      }
    } finally {
      await copied.close();
    }
    if (existsSync(keyFile)) {
      await new ApiKeyStore(keyFile).copyTo(join(partial, BACKUP_KEYS_FILE));
    }
    const files: Record<string, string> = {};
    for (const name of readdirSync(partial)) files[name] = sha256File(join(partial, name));
    const evidence = copyEvidence(dirname(keyFile), partial, fsyncPath);
    if (evidence.altered !== undefined) {
      throw new BackupError(partial, {
        vi: `tài liệu kiểm chứng ${evidence.altered} không khớp mã băm của nó (chạy cchc verify)`,
        en: `evidence file ${evidence.altered} does not match its hash (run cchc verify)`,
      });
    }
    const manifest: BackupManifest = {
      format: 'cchc-backup-1',
      createdAt: new Date().toISOString(),
      source: store.location,
      head,
      files,
      evidence: evidence.copied,
    };
    writeFileSync(join(partial, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    for (const name of readdirSync(partial)) fsyncPath(join(partial, name));
    fsyncPath(partial);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(partial, target);
    fsyncPath(dirname(target));
    return manifest;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Reads and checks a backup: its manifest, each file's SHA-256, the copy's chain and head. */
export async function checkBackup(dir: string): Promise<BackupManifest> {
  const manifestPath = join(dir, BACKUP_MANIFEST);
  if (!existsSync(manifestPath)) {
    throw new BackupError(dir, {
      vi: 'không có manifest.json (bản sao lưu dở dang?)',
      en: 'no manifest.json (an unfinished backup?)',
    });
  }
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  if (!parsed.success) throw new BackupError(dir, { vi: 'manifest.json không hợp lệ', en: 'manifest.json is invalid' });
  for (const [name, digest] of Object.entries(parsed.data.files)) {
    const path = join(dir, name);
    if (!existsSync(path) || sha256File(path) !== digest) {
      throw new BackupError(dir, {
        vi: `tệp ${name} thiếu hoặc đã thay đổi`,
        en: `file ${name} is missing or changed`,
      });
    }
  }
  const damaged = damagedEvidence(dir, parsed.data.evidence ?? []);
  if (damaged !== undefined) {
    throw new BackupError(dir, {
      vi: `tài liệu kiểm chứng ${damaged} thiếu hoặc đã thay đổi`,
      en: `evidence file ${damaged} is missing or changed`,
    });
  }
  const copy = await openLedgerStore({ url: join(dir, BACKUP_STORE_FILE), readOnly: true });
  try {
    const head = await capabilityOf(copy, 'chainVerifier').headHash();
    const chain = await capabilityOf(copy, 'chainVerifier').verifyChain();
    if (!chain.ok || head.position !== parsed.data.head.position || head.hash !== parsed.data.head.hash) {
      throw new BackupError(dir, {
        vi: 'chuỗi băm hoặc đầu chuỗi không khớp manifest',
        en: 'the chain or its head does not match the manifest',
      });
    }
  } finally {
    await copy.close();
  }
  return parsed.data;
}

/**
 * Puts a checked backup back into a data directory whose store is not open anywhere (the caller
 * holds that: `cchc restore` refuses while a server runs). The current files are kept beside as
 * `<name>.before-restore-<time>`, the backup's copied in under a temporary name, fsynced and renamed.
 */
export async function restoreDataDir(
  backupDir: string,
  storePath: string,
  keyFile: string,
): Promise<{ manifest: BackupManifest; keptAside: string[] }> {
  const manifest = await checkBackup(backupDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const keptAside: string[] = [];
  mkdirSync(dirname(storePath), { recursive: true });
  const put = (from: string, to: string) => {
    const temp = `${to}.restoring`;
    copyFileSync(from, temp);
    fsyncPath(temp);
    for (const existing of [to, `${to}.wal`]) {
      if (existsSync(existing)) {
        const aside = `${existing}.before-restore-${stamp}`;
        renameSync(existing, aside);
        keptAside.push(aside);
      }
    }
    renameSync(temp, to);
  };
  put(join(backupDir, BACKUP_STORE_FILE), storePath);
  if (manifest.files[BACKUP_KEYS_FILE]) put(join(backupDir, BACKUP_KEYS_FILE), keyFile);
  keptAside.push(...restoreEvidence(backupDir, dirname(storePath), manifest.evidence ?? [], stamp));
  fsyncPath(dirname(storePath));
  return { manifest, keptAside };
}
