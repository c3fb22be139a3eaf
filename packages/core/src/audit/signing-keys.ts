import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkpointKeyOf, publicKeyText } from './checkpoints.ts';

/**
 * The public keys that signed this data directory's checkpoints: the current one (its private key
 * is `checkpoint-key.pem`) and every one retired by a rotation. A rotation keeps only the old
 * *public* key (in `checkpoint-keys.json`), so checkpoints signed before it still verify and
 * nothing can be signed with the old key any more.
 */
const retiredKeySchema = z.strictObject({
  publicKey: z.string().min(1),
  /** When the rotation retired it (UTC). */
  retiredAt: z.iso.datetime(),
});
const keyListSchema = z.strictObject({
  format: z.literal('cchc-signing-keys/1'),
  retired: z.array(retiredKeySchema),
});
export type RetiredSigningKey = z.infer<typeof retiredKeySchema>;

export interface SigningKeys {
  /** The key that signs new checkpoints: SPKI DER, base64. */
  readonly current: string;
  /** Older keys, oldest first: checkpoints signed with them still verify. */
  readonly retired: readonly RetiredSigningKey[];
  /** The private key file (mode 0600). */
  readonly path: string;
}

const listFileOf = (dataDir: string) => join(dataDir, 'checkpoint-keys.json');

function retiredOf(dataDir: string): RetiredSigningKey[] {
  const file = listFileOf(dataDir);
  if (!existsSync(file)) return [];
  return keyListSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).retired;
}

/** The current public key (the key is made at first use) and the retired ones. */
export function signingKeysOf(dataDir: string): SigningKeys {
  const key = checkpointKeyOf(dataDir);
  const current = publicKeyText(key.publicKey);
  return { current, retired: retiredOf(dataDir).filter((k) => k.publicKey !== current), path: key.path };
}

/** Every public key a checkpoint of this data directory may be signed with. */
export const knownPublicKeys = (keys: SigningKeys): readonly string[] => [
  keys.current,
  ...keys.retired.map((k) => k.publicKey),
];

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
function replaceFile(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode, flag: 'w' });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/**
 * A new signing key: the old public key is listed as retired first, then the new private key
 * replaces the old one (mode 0600). A crash between the two leaves the old key current and also
 * listed, which `signingKeysOf` reads as current.
 */
export function rotateSigningKey(dataDir: string, now: Date = new Date()): SigningKeys {
  const before = signingKeysOf(dataDir);
  const retired = [...before.retired, { publicKey: before.current, retiredAt: now.toISOString() }];
  replaceFile(
    listFileOf(dataDir),
    `${JSON.stringify({ format: 'cchc-signing-keys/1', retired } satisfies z.infer<typeof keyListSchema>, null, 2)}\n`,
    0o644,
  );
  const { privateKey } = generateKeyPairSync('ed25519');
  replaceFile(before.path, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  return signingKeysOf(dataDir);
}
