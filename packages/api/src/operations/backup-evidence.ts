import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EvidenceFiles, evidenceDirOf } from '@cchc/core';

const SHA256 = /^[0-9a-f]{64}$/u;
const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The evidence files stored under a data directory, by hash (whatever their bytes are now). */
export function storedEvidence(dataDir: string): string[] {
  const root = join(evidenceDirOf(dataDir), 'sha256');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((prefix) => /^[0-9a-f]{2}$/u.test(prefix))
    .flatMap((prefix) => readdirSync(join(root, prefix)).filter((name) => SHA256.test(name) && name.startsWith(prefix)))
    .sort();
}

/**
 * Copies a data directory's evidence files into a backup folder (the same layout). A file whose bytes
 * no longer hash to its name is not copied as if it were sound: the backup stops, naming it.
 */
export function copyEvidence(
  dataDir: string,
  backupDir: string,
  fsync: (path: string) => void,
): { copied: string[]; altered?: string } {
  const from = new EvidenceFiles(evidenceDirOf(dataDir));
  const to = new EvidenceFiles(evidenceDirOf(backupDir));
  const copied: string[] = [];
  for (const sha256 of storedEvidence(dataDir)) {
    if (sha256File(from.pathOf(sha256)) !== sha256) return { copied, altered: from.pathOf(sha256) };
    const target = to.pathOf(sha256);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(from.pathOf(sha256), target);
    fsync(target);
    copied.push(sha256);
  }
  return { copied };
}

/** The first of a backup's evidence files that is missing or does not hash to its name. */
export function damagedEvidence(backupDir: string, hashes: readonly string[]): string | undefined {
  const files = new EvidenceFiles(evidenceDirOf(backupDir));
  return hashes.find((h) => files.check(h).state !== 'ok');
}

/** Puts a backup's evidence files into a data directory; a different file under the same name is kept aside. */
export function restoreEvidence(
  backupDir: string,
  dataDir: string,
  hashes: readonly string[],
  stamp: string,
): string[] {
  const from = new EvidenceFiles(evidenceDirOf(backupDir));
  const to = new EvidenceFiles(evidenceDirOf(dataDir));
  const keptAside: string[] = [];
  for (const sha256 of hashes) {
    if (to.check(sha256).state === 'ok') continue;
    const target = to.pathOf(sha256);
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target)) {
      const aside = `${target}.before-restore-${stamp}`;
      renameSync(target, aside);
      keptAside.push(aside);
    }
    copyFileSync(from.pathOf(sha256), `${target}.restoring`);
    renameSync(`${target}.restoring`, target);
  }
  return keptAside;
}
