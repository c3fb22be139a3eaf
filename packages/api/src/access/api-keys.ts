import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  type FSWatcher,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  watch,
  writeSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { CchcError, fieldIssues, IDENTIFIER, NotFoundError, ValidationError } from '@cchc/core';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { type Principal, ROLES, type Role } from './roles.ts';

/** While the key file's directory is watched, its stamp is still looked at this often (ms). */
const WATCHED_RECHECK_MS = 1_000;

/**
 * API keys live in one JSON file beside the store (`<data>/api-keys.json`, mode 0600), so the CLI
 * can issue or revoke a key while the server runs. Every change is a read-modify-write under a
 * lock shared by every process (proper-lockfile: `api-keys.json.lock`, stale after 10 s), written
 * to a temporary file, fsynced and renamed over the old one: no change is lost to another
 * process's, and a reader never sees half a file. A running server stats the file before each key
 * check (one stat call) and re-reads it when it changed, so a revocation holds from the next request.
 * Only a SHA-256 of each key's secret is kept. The secret is 32 random bytes, so a fast hash is
 * enough (no password stretching needed); comparison is constant-time, and an unknown or revoked
 * key id costs the same hash and comparison as a wrong secret.
 *
 * A key reads `cchc_<keyId>_<secret>`: the id finds the record, the secret proves it.
 */
export const keyRecordSchema = z
  .object({
    keyId: z.string().regex(/^[a-f0-9]{12}$/),
    secretSha256: z.string().regex(/^[a-f0-9]{64}$/),
    role: z.enum(ROLES),
    unitId: z.string().min(1).max(200).optional(),
    label: z.string().min(1).max(100).optional(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .strict();
export type ApiKeyRecord = z.infer<typeof keyRecordSchema>;
const keyFileSchema = z.object({ version: z.literal(1), keys: z.array(keyRecordSchema) }).strict();

const KEY_PATTERN = /^cchc_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;
const LABEL_PATTERN = /^[\p{L}\p{N} ._@-]{1,100}$/u;

export class KeyFileError extends CchcError {
  readonly code = 'KEY_FILE_INVALID';
  constructor(path: string, reason: string) {
    super(`Tệp khóa API ${path} không hợp lệ: ${reason}`, `API key file ${path} is invalid: ${reason}`);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Compared against when the key id is unknown or revoked, so that path costs what a wrong secret costs. */
const NO_RECORD_HASH = Buffer.alloc(32);

/** The one verification of a presented secret: a SHA-256 and a constant-time comparison. */
export function secretMatches(secretSha256: Buffer, presentedSecret: string): boolean {
  return timingSafeEqual(secretSha256, createHash('sha256').update(presentedSecret).digest());
}

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  update: 2_000,
  retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
} as const;

export interface NewKey {
  readonly role: Role;
  readonly unitId?: string;
  readonly label?: string;
}

export class ApiKeyStore {
  private records: ApiKeyRecord[] = [];
  private byId = new Map<string, { record: ApiKeyRecord; hash: Buffer }>();
  /** Keys already checked against the current records (cleared whenever the records change). */
  private readonly verified = new Map<string, Principal>();
  private loadedStamp = '-';
  /** Why the last background re-read failed (the previous keys stay in force). */
  lastError: Error | undefined;
  private checkedAt = 0;
  /** Set by watchForChanges: the directory reports changes, so the stamp is trusted until one comes. */
  private watcher: FSWatcher | undefined;

  constructor(
    readonly path: string,
    /** How long (ms) one look at the file's stamp is trusted; 0: a stat before every key check. */
    private readonly recheckMs = 0,
  ) {
    this.reload();
  }

  list(): readonly ApiKeyRecord[] {
    this.refresh();
    return this.records;
  }

  /** Issues a key; the returned secret is shown once and never stored. */
  async create(input: NewKey, now = new Date()): Promise<{ key: string; record: ApiKeyRecord }> {
    if (input.role === 'reporter' && !input.unitId) {
      throw new ValidationError({ vi: 'Khóa API', en: 'API key' }, [
        { path: 'unitId', message: 'khóa reporter phải gắn với một đơn vị / a reporter key needs a unit' },
      ]);
    }
    if (input.role !== 'reporter' && input.unitId) {
      throw new ValidationError({ vi: 'Khóa API', en: 'API key' }, [
        { path: 'unitId', message: 'chỉ khóa reporter gắn với đơn vị / only reporter keys are bound to a unit' },
      ]);
    }
    if (input.unitId !== undefined && !IDENTIFIER.test(input.unitId)) {
      throw new ValidationError({ vi: 'Khóa API', en: 'API key' }, [
        { path: 'unitId', message: 'mã đơn vị không hợp lệ / invalid unit id' },
      ]);
    }
    if (input.label !== undefined && !LABEL_PATTERN.test(input.label)) {
      throw new ValidationError({ vi: 'Khóa API', en: 'API key' }, [
        {
          path: 'label',
          message: 'chữ, số, khoảng trắng, . _ @ - (tối đa 100) / letters, digits, spaces, . _ @ - (at most 100)',
        },
      ]);
    }
    return this.locked(() => {
      let keyId = randomBytes(6).toString('hex');
      while (this.byId.has(keyId)) keyId = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const record: ApiKeyRecord = {
        keyId,
        secretSha256: sha256(secret),
        role: input.role,
        ...(input.unitId ? { unitId: input.unitId } : {}),
        ...(input.label ? { label: input.label } : {}),
        createdAt: now.toISOString(),
      };
      this.write([...this.records, record]);
      return { key: `cchc_${keyId}_${secret}`, record };
    });
  }

  revoke(keyId: string, now = new Date()): Promise<ApiKeyRecord> {
    return this.locked(() => {
      const found = this.byId.get(keyId)?.record;
      if (!found) throw new NotFoundError(`Không có khóa API ${keyId}`, `no API key ${keyId}`);
      if (found.revokedAt) return found;
      const revoked = { ...found, revokedAt: now.toISOString() };
      this.write(this.records.map((r) => (r.keyId === keyId ? revoked : r)));
      return revoked;
    });
  }

  /** The principal of a presented key, or undefined when it is unknown, malformed or revoked. */
  authenticate(presented: string): Principal | undefined {
    this.refresh();
    const known = this.verified.get(presented);
    if (known) return known;
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const entry = this.byId.get(match[1]!);
    const usable = entry && !entry.record.revokedAt ? entry : undefined;
    // The same work whether the id is known or not: no timing tells an attacker which ids exist.
    const matches = secretMatches(usable?.hash ?? NO_RECORD_HASH, match[2]!);
    if (!usable || !matches) return undefined;
    const record = usable.record;
    const principal: Principal = {
      keyId: record.keyId,
      role: record.role,
      ...(record.unitId ? { unitId: record.unitId } : {}),
      ...(record.label ? { label: record.label } : {}),
    };
    if (this.verified.size < 10_000) this.verified.set(presented, principal);
    return principal;
  }

  /** A copy of the file as it is, taken under the lock (a backup never sees a change half made). */
  async copyTo(file: string): Promise<void> {
    await this.locked(() => {
      if (this.stamp() !== '-') copyFileSync(this.path, file);
    });
  }

  /** Runs a change under the cross-process lock, on the file as it is now. */
  private async locked<T>(change: () => T): Promise<T> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(this.path, LOCK_OPTIONS);
    try {
      this.reload();
      return change();
    } finally {
      await release();
    }
  }

  private stamp(): string {
    const stat = statSync(this.path, { bigint: true, throwIfNoEntry: false });
    return stat ? `${stat.mtimeNs}:${stat.size}:${stat.ino}` : '-';
  }

  /**
   * For a long-running server: instead of a stat before every key check, trust the file's stamp
   * until its directory reports a change (a key created or revoked by the CLI is then in force from
   * the next request after the notice, milliseconds), and look anyway once a second in case a
   * notice is lost. Returns the function that stops watching. Where watching is not possible the
   * store keeps its stat before every check.
   */
  watchForChanges(): () => void {
    if (this.watcher) throw new Error('already watching the key file');
    const name = basename(this.path);
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name || file.startsWith(`${name}.`)) this.checkedAt = 0;
      });
    } catch {
      return () => {};
    }
    this.watcher.on('error', () => this.stopWatching());
    this.checkedAt = 0;
    return () => this.stopWatching();
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.checkedAt = 0;
  }

  private refresh(): void {
    const now = Date.now();
    const trustMs = this.watcher ? Math.max(this.recheckMs, WATCHED_RECHECK_MS) : this.recheckMs;
    if (trustMs > 0 && now - this.checkedAt < trustMs) return;
    this.checkedAt = now;
    if (this.stamp() === this.loadedStamp) return;
    try {
      this.reload();
    } catch (error) {
      // A file being edited by hand, or broken: keep serving with the keys last read.
      this.lastError = error as Error;
    }
  }

  private reload(): void {
    this.checkedAt = Date.now();
    const stamp = this.stamp();
    if (stamp === '-') {
      this.setRecords([]);
      this.loadedStamp = '-';
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new KeyFileError(this.path, (error as Error).message);
    }
    const parsed = keyFileSchema.safeParse(json);
    if (!parsed.success)
      throw new KeyFileError(
        this.path,
        fieldIssues(parsed.error)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; '),
      );
    this.setRecords(parsed.data.keys);
    this.loadedStamp = stamp;
    this.lastError = undefined;
  }

  private setRecords(records: ApiKeyRecord[]): void {
    this.records = records;
    this.byId = new Map(records.map((r) => [r.keyId, { record: r, hash: Buffer.from(r.secretSha256, 'hex') }]));
    this.verified.clear();
  }

  /** Under the lock: write a temporary file, fsync it, rename it over the file, fsync the directory. */
  private write(records: ApiKeyRecord[]): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ version: 1, keys: records }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temp, this.path);
    } catch (error) {
      unlinkSync(temp);
      throw error;
    }
    syncDirectory(dirname(this.path));
    this.setRecords(records);
    this.loadedStamp = this.stamp();
  }
}

/** Makes a rename durable (the directory entry); a no-op where directories cannot be opened. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
