import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from './merkle-proofs.ts';
import { largestPowerOfTwoBelow, leafHash, MerkleTree, nodeHash } from './merkle-tree.ts';

const entry = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
const treeOf = (n: number) => {
  const t = new MerkleTree();
  for (let i = 0; i < n; i++) t.append(entry(i));
  return t;
};
/** RFC 9162 §2.1.1's definition, word for word, as the reference. */
function mth(entries: readonly string[]): Buffer {
  if (entries.length === 0) return createHash('sha256').digest();
  if (entries.length === 1) return leafHash(Buffer.from(entries[0]!, 'hex'));
  const k = largestPowerOfTwoBelow(entries.length);
  return nodeHash(mth(entries.slice(0, k)), mth(entries.slice(k)));
}
const entries = (n: number) => Array.from({ length: n }, (_, i) => entry(i));

describe('the Merkle tree over the log (RFC 9162)', () => {
  it('has the root of the RFC’s recursive definition, for every size, kept incrementally', () => {
    const t = new MerkleTree();
    for (let n = 0; n <= 70; n++) {
      expect(t.root().toString('hex'), `size ${n}`).toBe(mth(entries(n)).toString('hex'));
      // Every earlier size stays answerable from the same tree.
      if (n > 0) expect(t.root(n - 1).equals(mth(entries(n - 1)))).toBe(true);
      t.append(entry(n));
    }
  });

  it('gives the roots of Certificate Transparency’s test vectors (RFC 6962/9162 hashing, the reference implementation’s merkle tree test)', () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const t = new MerkleTree();
    for (const input of inputs) t.append(input);
    expect(roots.map((_, i) => t.root(i + 1).toString('hex'))).toEqual(roots);
  });

  it('the empty tree’s root is SHA-256 of nothing; one entry’s is its leaf hash (0x00 prefix)', () => {
    expect(new MerkleTree().root().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(
      treeOf(1)
        .root()
        .equals(
          createHash('sha256')
            .update(Buffer.concat([Buffer.of(0), Buffer.from(entry(0), 'hex')]))
            .digest(),
        ),
    ).toBe(true);
  });

  it('every inclusion proof verifies, for every leaf and size; a wrong leaf, index, size or root does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, pick) => {
        const t = treeOf(n);
        const size = 1 + (pick % n);
        const m = pick % size;
        const proof = t.inclusionProof(m, size);
        const root = t.root(size);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(verifyInclusion(entry(m), m, size, proof, root)).toBe(true);
        expect(verifyInclusion(entry(m + 1), m, size, proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion(entry(m), (m + 1) % size, size, proof, root)).toBe(false);
        if (n > size) expect(verifyInclusion(entry(m), m, size, proof, t.root(n))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('every consistency proof verifies; a log changed before the first size, or a different first root, does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (n, a, b) => {
        const t = treeOf(n);
        const second = 1 + (a % n);
        const first = 1 + (b % second);
        const proof = t.consistencyProof(first, second);
        expect(verifyConsistency(first, second, proof, t.root(first), t.root(second))).toBe(true);
        // The same sizes over a log rewritten at an entry before `first`: the old root does not extend to it.
        const rewritten = new MerkleTree();
        for (let i = 0; i < n; i++) rewritten.append(i === first - 1 ? entry(10_000 + i) : entry(i));
        expect(
          verifyConsistency(
            first,
            second,
            rewritten.consistencyProof(first, second),
            t.root(first),
            rewritten.root(second),
          ),
        ).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses proofs for leaves or sizes the tree does not have', () => {
    const t = treeOf(5);
    expect(() => t.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => t.root(6)).toThrow(RangeError);
    expect(() => t.consistencyProof(0, 5)).toThrow(RangeError);
    expect(() => t.consistencyProof(6, 5)).toThrow(RangeError);
    expect(verifyConsistency(3, 3, [], t.root(3), t.root(3))).toBe(true);
    expect(verifyConsistency(3, 5, [], t.root(3), t.root(5))).toBe(false);
  });
});
