import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The evidence folder of a data directory. */
export const evidenceDirOf = (dataDir: string): string => join(dataDir, 'evidence');

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export type EvidenceFileCheck =
  | { readonly state: 'ok'; readonly path: string }
  | { readonly state: 'missing'; readonly path: string }
  | { readonly state: 'altered'; readonly path: string; readonly actualSha256: string; readonly actualSize: number };

/**
 * Files stored by their SHA-256 under `<data>/evidence/sha256/<first two>/<hash>`. A write goes to
 * a temporary file in the same folder and is renamed into place, so a file either has all its
 * bytes or is not there; the same content written again is the same file.
 */
export class EvidenceFiles {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/u.test(sha256)) throw new TypeError(`not a SHA-256: ${sha256}`);
    return join(this.dir, 'sha256', sha256.slice(0, 2), sha256);
  }

  /** Stores the bytes; returns their hash and whether the file was there already. */
  put(bytes: Uint8Array): { sha256: string; path: string; existed: boolean } {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    if (this.check(sha256, bytes.byteLength).state === 'ok') return { sha256, path, existed: true };
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.part`;
    try {
      writeFileSync(temporary, bytes, { flush: true });
      renameSync(temporary, path);
    } finally {
      rmSync(temporary, { force: true });
    }
    return { sha256, path, existed: false };
  }

  /** The stored bytes, when the file is there and still has the hash it is named by. */
  read(sha256: string): Uint8Array | undefined {
    const path = this.pathOf(sha256);
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    return sha256Of(bytes) === sha256 ? bytes : undefined;
  }

  /** Whether the file is there with the hash (and size, when known) it was recorded with. */
  check(sha256: string, size?: number): EvidenceFileCheck {
    const path = this.pathOf(sha256);
    if (!existsSync(path) || !statSync(path).isFile()) return { state: 'missing', path };
    const bytes = readFileSync(path);
    const actualSha256 = sha256Of(bytes);
    if (actualSha256 === sha256 && (size === undefined || size === bytes.byteLength)) return { state: 'ok', path };
    return { state: 'altered', path, actualSha256, actualSize: bytes.byteLength };
  }
}
