import { canonicalContent } from '@cchc/core';
import type { PackEvent } from './pack-format.ts';

/**
 * The pack verifier's cryptography through WebCrypto (`crypto.subtle`), the same in Node and in a
 * browser page opened from file://: SHA-256, Ed25519 signatures, the store's chain hash and
 * RFC 9162 inclusion proofs. Everything is async because WebCrypto is.
 */

const encoder = new TextEncoder();

export const hexOf = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );

export function bytesOfHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new TypeError(`not hex: ${hex.slice(0, 80)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesOfBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.trim());
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const digest = async (bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** SHA-256 of bytes, or of a text's UTF-8 bytes, hex. */
export async function sha256Hex(input: Uint8Array<ArrayBuffer> | string): Promise<string> {
  return hexOf(await digest(typeof input === 'string' ? encoder.encode(input) : input));
}

/** That `signatureB64` is the Ed25519 signature of `message` by the SPKI (DER, base64) public key. */
export async function ed25519Verifies(
  publicKeyB64: string,
  signatureB64: string,
  message: Uint8Array<ArrayBuffer> | string,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', bytesOfBase64(publicKeyB64), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    const data = typeof message === 'string' ? encoder.encode(message) : message;
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, bytesOfBase64(signatureB64), data);
  } catch {
    // A key or signature that is not even well-formed does not verify.
    return false;
  }
}

/** The store's chain hash of a pack event, recomputed: `sha256(prevHash + "\n" + canonicalContent)` (hash-chain.ts). */
export function chainHashOf(e: PackEvent): Promise<string> {
  return sha256Hex(`${e.prevHash}\n${canonicalContent(e)}`);
}

function concat(prefix: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * RFC 9162 §2.1.3.2: that `entryHex` is leaf `index` of the tree of `size` entries with root
 * `rootHex`. The same algorithm as audit/merkle-proofs.ts `verifyInclusion` (node:crypto, sync);
 * pack-crypto.unit.spec.ts checks both agree on every proof of random trees.
 */
export async function inclusionVerifies(
  entryHex: string,
  index: number,
  size: number,
  proofHex: readonly string[],
  rootHex: string,
): Promise<boolean> {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = await digest(concat(0, bytesOfHex(entryHex)));
  for (const hex of proofHex) {
    const p = bytesOfHex(hex);
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await digest(concat(1, p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await digest(concat(1, r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hexOf(r) === rootHex;
}

/**
 * RFC 9162 §2.1.4.2: that the tree of `firstSize` entries with root `firstRootHex` is a prefix of
 * the one of `secondSize` with `secondRootHex`. The same algorithm as audit/merkle-proofs.ts
 * `verifyConsistency`; pack-crypto.unit.spec.ts checks both agree.
 */
export async function consistencyVerifies(
  firstSize: number,
  secondSize: number,
  proofHex: readonly string[],
  firstRootHex: string,
  secondRootHex: string,
): Promise<boolean> {
  if (!Number.isInteger(firstSize) || !Number.isInteger(secondSize) || firstSize < 1 || firstSize > secondSize)
    return false;
  if (firstSize === secondSize) return proofHex.length === 0 && firstRootHex === secondRootHex;
  if (proofHex.length === 0) return false;
  const proof = proofHex.map(bytesOfHex);
  const path = (firstSize & (firstSize - 1)) === 0 ? [bytesOfHex(firstRootHex), ...proof] : proof;
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array<ArrayBuffer> = path[0]!;
  let sr: Uint8Array<ArrayBuffer> = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await digest(concat(1, c, fr));
      sr = await digest(concat(1, c, sr));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await digest(concat(1, sr, c));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hexOf(fr) === firstRootHex && hexOf(sr) === secondRootHex;
}
