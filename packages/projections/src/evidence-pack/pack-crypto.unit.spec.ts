import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { canonicalContent, chainHash, MerkleTree, verifyConsistency, verifyInclusion } from '@cchc/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitExplanation } from '../scoring/explain.ts';
import { chainHashOf, consistencyVerifies, ed25519Verifies, inclusionVerifies, sha256Hex } from './pack-crypto.ts';
import type { CitingExplanation, ExplanationRefs } from './pack-format.ts';

const entry = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
const treeOf = (n: number) => {
  const t = new MerkleTree();
  for (let i = 0; i < n; i++) t.append(entry(i));
  return t;
};
const hex = (proof: readonly Buffer[]) => proof.map((p) => p.toString('hex'));
const flip = (h: string) => `${h[0] === '0' ? '1' : '0'}${h.slice(1)}`;

// The page's proofs (WebCrypto, async) against core's (node:crypto), on the same trees.
describe('the evidence pack’s WebCrypto checks agree with core’s', () => {
  it('inclusion: both accept every true proof and both refuse a changed entry, path, index or root', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 90 }), fc.nat(), async (n, pick) => {
        const t = treeOf(n);
        const m = pick % n;
        const proof = t.inclusionProof(m, n);
        const root = t.root(n);
        expect(verifyInclusion(entry(m), m, n, proof, root)).toBe(true);
        expect(await inclusionVerifies(entry(m), m, n, hex(proof), root.toString('hex'))).toBe(true);
        const r0 = root.toString('hex');
        const p0 = hex(proof);
        const wrong: [string, number, string[], string][] = [
          [flip(entry(m)), m, p0, r0],
          [entry(m), (m + 1) % n, p0, r0],
          [entry(m), m, p0, flip(r0)],
          ...(p0.length > 0
            ? [[entry(m), m, [flip(p0[0]!), ...p0.slice(1)], r0] satisfies [string, number, string[], string]]
            : []),
        ];
        for (const [e, i, p, r] of wrong) {
          const node = verifyInclusion(
            e,
            i,
            n,
            p.map((x) => Buffer.from(x, 'hex')),
            Buffer.from(r, 'hex'),
          );
          expect(await inclusionVerifies(e, i, n, p, r)).toBe(node);
          if (n > 1) expect(node).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('consistency: the same verdicts as core for true proofs and for another log’s roots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 90 }), fc.nat(), async (n, pick) => {
        const t = treeOf(n);
        const m = 1 + (pick % n);
        const proof = t.consistencyProof(m, n);
        const [a, b] = [t.root(m).toString('hex'), t.root(n).toString('hex')];
        expect(verifyConsistency(m, n, proof, t.root(m), t.root(n))).toBe(true);
        expect(await consistencyVerifies(m, n, hex(proof), a, b)).toBe(true);
        expect(await consistencyVerifies(m, n, hex(proof), flip(a), b)).toBe(false);
        if (m < n) expect(await consistencyVerifies(m, n, hex(proof), a, flip(b))).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('the chain hash, SHA-256 and Ed25519 as the store and node:crypto compute them', async () => {
    const content = {
      eventId: '00000000-0000-4000-8000-000000000001',
      streamId: 'task-2025-II.1',
      streamRevision: 3,
      globalPosition: 42,
      type: 'ProgressReported',
      schemaVersion: 2,
      occurredAt: '2025-06-01T02:00:00.000Z',
      recordedAt: '2025-06-01T02:00:01.000Z',
      metadataJson: '{"actor":"a","source":"test"}',
      dataJson: '{"taskId":"II.1","percent":50,"note":"Tiến độ — ổn"}',
    };
    const prevHash = entry(7);
    const stored = chainHash(prevHash, canonicalContent(content));
    expect(await chainHashOf({ ...content, prevHash, hash: stored, proof: [] })).toBe(stored);
    expect(await sha256Hex('biên bản')).toBe(createHash('sha256').update('biên bản').digest('hex'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const signature = sign(null, Buffer.from('mốc'), privateKey).toString('base64');
    expect(await ed25519Verifies(spki, signature, 'mốc')).toBe(true);
    expect(await ed25519Verifies(spki, signature, 'mốc!')).toBe(false);
    expect(await ed25519Verifies(spki, 'not base64 at all', 'mốc')).toBe(false);
  });

  it('what the verifier reads of an explanation is what explain.ts writes (checked by the compiler)', () => {
    // A UnitExplanation must be readable as the refs the verifier parses, and cite events as they do.
    const asRefs = (x: UnitExplanation): Pick<ExplanationRefs, 'planId' | 'position'> & CitingExplanation => x;
    expect(typeof asRefs).toBe('function');
  });
});
