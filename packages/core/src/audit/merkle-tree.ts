import { createHash, hash } from 'node:crypto';

/**
 * A Merkle tree over the global log, hashed as RFC 9162 (Certificate Transparency 2.0) §2.1:
 * leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right), and the tree of n entries
 * split at the largest power of two below n. The entries are the events' chain hashes (32 bytes),
 * in log order: leaf i is the event at global position i + 1.
 *
 * Kept incrementally: every complete subtree's hash is stored by level, so appending costs one
 * leaf hash and at most log2(n) node hashes, and a root, an inclusion proof or a consistency proof
 * for any size up to n is O(log n) lookups (the split points of RFC 9162 are always aligned).
 */
export class MerkleTree {
  /** levels[h].at(i): the hash of the complete subtree of 2^h leaves starting at leaf i·2^h. */
  private readonly levels: HashRow[] = [new HashRow()];

  get size(): number {
    return this.levels[0]!.length;
  }

  /** The hash of leaf i (SHA-256(0x00 ‖ entry)). */
  leaf(i: number): Buffer {
    if (!Number.isInteger(i) || i < 0 || i >= this.size)
      throw new RangeError(`leaf ${i} is not in a tree of ${this.size}`);
    return this.levels[0]!.at(i);
  }

  /**
   * The tree as bytes, to keep on disk: a magic, the size n, then every stored level (level h holds
   * ⌊n / 2^h⌋ hashes of 32 bytes), then the SHA-256 of all that, so a damaged file is refused.
   */
  toBytes(): Buffer {
    const header = Buffer.alloc(MAGIC.length + 8);
    header.write(MAGIC, 0, 'latin1');
    header.writeBigUInt64LE(BigInt(this.size), MAGIC.length);
    const body = Buffer.concat([header, ...this.levels.map((row) => row.bytes())]);
    return Buffer.concat([body, hash('sha256', body, 'buffer')]);
  }

  /** The tree `toBytes` wrote; throws on anything else (wrong magic, length or checksum). */
  static fromBytes(bytes: Buffer): MerkleTree {
    const head = MAGIC.length + 8;
    if (bytes.length < head + 32 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC)
      throw new Error('not a Merkle tree file');
    const n = Number(bytes.readBigUInt64LE(MAGIC.length));
    let nodes = 0;
    for (let width = n; width >= 1; width = Math.floor(width / 2)) nodes += width;
    const bodyLength = head + nodes * 32;
    if (bytes.length !== bodyLength + 32) throw new Error(`a Merkle tree file of ${n} entries has the wrong length`);
    const body = bytes.subarray(0, bodyLength);
    if (!hash('sha256', body, 'buffer').equals(bytes.subarray(bodyLength)))
      throw new Error('the Merkle tree file is damaged');
    const tree = new MerkleTree();
    tree.levels.length = 0;
    let offset = head;
    for (let width = n; tree.levels.length === 0 || width >= 1; width = Math.floor(width / 2)) {
      tree.levels.push(HashRow.copyOf(bytes.subarray(offset, offset + width * 32)));
      offset += width * 32;
      if (width === 0) break;
    }
    return tree;
  }

  /** Appends one entry (an event's hash, hex). */
  append(entryHex: string): void {
    let hash = leafHash(Buffer.from(entryHex, 'hex'));
    let level = 0;
    for (;;) {
      if (this.levels[level] === undefined) this.levels[level] = new HashRow();
      const row = this.levels[level]!;
      row.push(hash);
      if (row.length % 2 === 1) return;
      hash = nodeHash(row.at(row.length - 2), hash);
      level += 1;
    }
  }

  /** MTH(D[0:n]): the root of the tree of the first n entries (the empty tree's is SHA-256 of nothing). */
  root(n: number = this.size): Buffer {
    this.checkSize(n);
    if (n === 0) return createHash('sha256').digest();
    return this.hashRange(0, n);
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[0:n]): the audit path of leaf m in the tree of the first n entries. */
  inclusionProof(m: number, n: number = this.size): Buffer[] {
    this.checkSize(n);
    if (!Number.isInteger(m) || m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
    const proof: Buffer[] = [];
    this.path(m, 0, n, proof);
    return proof;
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]): that the tree of the first m entries is a prefix of the one of n. */
  consistencyProof(m: number, n: number = this.size): Buffer[] {
    this.checkSize(n);
    if (!Number.isInteger(m) || m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
    const proof: Buffer[] = [];
    this.subproof(m, 0, n, true, proof);
    return proof;
  }

  private checkSize(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.size)
      throw new RangeError(`the tree has ${this.size} entries, not ${n}`);
  }

  /** MTH(D[start:start+len]): start is aligned to the split points, so each left part is stored. */
  private hashRange(start: number, len: number): Buffer {
    if (isPowerOfTwo(len)) {
      const level = Math.log2(len);
      return this.levels[level]!.at(start / len);
    }
    const k = largestPowerOfTwoBelow(len);
    return nodeHash(this.hashRange(start, k), this.hashRange(start + k, len - k));
  }

  private path(m: number, start: number, len: number, out: Buffer[]): void {
    if (len === 1) return;
    const k = largestPowerOfTwoBelow(len);
    if (m < k) {
      this.path(m, start, k, out);
      out.push(this.hashRange(start + k, len - k));
    } else {
      this.path(m - k, start + k, len - k, out);
      out.push(this.hashRange(start, k));
    }
  }

  private subproof(m: number, start: number, len: number, complete: boolean, out: Buffer[]): void {
    if (m === len) {
      if (!complete) out.push(this.hashRange(start, len));
      return;
    }
    const k = largestPowerOfTwoBelow(len);
    if (m <= k) {
      this.subproof(m, start, k, complete, out);
      out.push(this.hashRange(start + k, len - k));
    } else {
      this.subproof(m - k, start + k, len - k, false, out);
      out.push(this.hashRange(start, k));
    }
  }
}

/** One-shot `crypto.hash` over one buffer: about twice as fast as a Hash object per node. */
export function leafHash(entry: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0;
  input.set(entry, 1);
  return hash('sha256', input, 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input, 'buffer');
}

/** The largest power of two strictly below n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const MAGIC = 'CCHC-MT1';
const HASH = 32;

/**
 * One level's hashes packed in one growing buffer (32 bytes each): a million leaves are one 32 MB
 * buffer instead of a million small Buffer objects, and a kept file is read back with one copy.
 */
class HashRow {
  private buffer: Buffer;
  length = 0;

  constructor(capacity = 64) {
    this.buffer = Buffer.allocUnsafe(capacity * HASH);
  }

  static copyOf(packed: Buffer): HashRow {
    const count = packed.length / HASH;
    const row = new HashRow(Math.max(64, Math.ceil(count * 1.25)));
    packed.copy(row.buffer);
    row.length = count;
    return row;
  }

  at(i: number): Buffer {
    return this.buffer.subarray(i * HASH, (i + 1) * HASH);
  }

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.length * HASH);
      this.buffer = grown;
    }
    this.buffer.set(hash, this.length * HASH);
    this.length += 1;
  }

  /** The used part (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length * HASH);
  }
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
