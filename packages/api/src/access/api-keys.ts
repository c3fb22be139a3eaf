import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CchcError, fieldIssues, IDENTIFIER, NotFoundError, ValidationError } from '@cchc/core';
import { z } from 'zod';
import { type Principal, ROLES, type Role } from './roles.ts';

/**
 * API keys live in one JSON file beside the store (`<data>/api-keys.json`, mode 0600), so the CLI
 * can issue or revoke a key while the server runs: the server re-reads the file when it changes.
 * Only a SHA-256 of each key's secret is kept. The secret is 32 random bytes, so a fast hash is
 * enough (no password stretching needed); comparison is constant-time.
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

export interface NewKey {
  readonly role: Role;
  readonly unitId?: string;
  readonly label?: string;
}

export class ApiKeyStore {
  private records: ApiKeyRecord[] = [];
  /** Keys already checked against the current records (cleared whenever the records change). */
  private readonly verified = new Map<string, Principal>();
  private loadedStamp = '-';
  /** Why the last background re-read failed (the previous keys stay in force). */
  lastError: Error | undefined;
  private checkedAt = 0;

  constructor(
    readonly path: string,
    /** How often (ms) the server looks for changes made by another process. */
    private readonly recheckMs = 1_000,
  ) {
    this.reload();
  }

  list(): readonly ApiKeyRecord[] {
    this.refresh();
    return this.records;
  }

  /** Issues a key; the returned secret is shown once and never stored. */
  create(input: NewKey, now = new Date()): { key: string; record: ApiKeyRecord } {
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
    this.reload();
    const keyId = randomBytes(6).toString('hex');
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
  }

  revoke(keyId: string, now = new Date()): ApiKeyRecord {
    this.reload();
    const found = this.records.find((r) => r.keyId === keyId);
    if (!found) throw new NotFoundError(`Không có khóa API ${keyId}`, `no API key ${keyId}`);
    if (found.revokedAt) return found;
    const revoked = { ...found, revokedAt: now.toISOString() };
    this.write(this.records.map((r) => (r.keyId === keyId ? revoked : r)));
    return revoked;
  }

  /** The principal of a presented key, or undefined when it is unknown, malformed or revoked. */
  authenticate(presented: string): Principal | undefined {
    this.refresh();
    const known = this.verified.get(presented);
    if (known) return known;
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const record = this.records.find((r) => r.keyId === match[1]);
    if (!record || record.revokedAt) return undefined;
    const expected = Buffer.from(record.secretSha256, 'hex');
    const actual = createHash('sha256').update(match[2]!).digest();
    if (!timingSafeEqual(expected, actual)) return undefined;
    const principal: Principal = {
      keyId: record.keyId,
      role: record.role,
      ...(record.unitId ? { unitId: record.unitId } : {}),
      ...(record.label ? { label: record.label } : {}),
    };
    if (this.verified.size < 10_000) this.verified.set(presented, principal);
    return principal;
  }

  private refresh(): void {
    const now = Date.now();
    if (now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    const stamp = existsSync(this.path) ? statSync(this.path) : undefined;
    const changed = stamp ? `${stamp.mtimeMs}:${stamp.size}:${stamp.ino}` : '-';
    if (changed === this.loadedStamp) return;
    try {
      this.reload();
    } catch (error) {
      // A file being edited by hand, or broken: keep serving with the keys last read.
      this.lastError = error as Error;
    }
  }

  private reload(): void {
    this.checkedAt = Date.now();
    if (!existsSync(this.path)) {
      this.records = [];
      this.verified.clear();
      this.loadedStamp = '-';
      return;
    }
    const stat = statSync(this.path);
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
    this.records = parsed.data.keys;
    this.verified.clear();
    this.loadedStamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    this.lastError = undefined;
  }

  /** Write-then-rename, so a reader never sees half a file. */
  private write(records: ApiKeyRecord[]): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ version: 1, keys: records }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
    this.records = records;
    this.verified.clear();
    const stat = statSync(this.path);
    this.loadedStamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  }
}
