import { verifyConsistency, verifyInclusion } from '@cchc/core';
import { describe, expect, it } from 'vitest';
import { expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';

const { get } = useDemoApi();

describe('audit', () => {
  it('back-dated events are those recorded more than N days after they happened', async () => {
    const late = (await get('/v1/back-dated?days=7&limit=5')).json();
    expect(late.items.length).toBeGreaterThan(0);
    for (const e of late.items) expect(e.daysLate).toBeGreaterThan(7);
  });

  it('an inspector gets inclusion and consistency proofs that check from the hashes alone; analysts do not', async () => {
    const hex = (h: string) => Buffer.from(h, 'hex');
    const inclusion = (await get('/v1/audit/proofs/inclusion?event=100&size=300', 'inspector')).json();
    expect(inclusion).toMatchObject({ globalPosition: 100, leafIndex: 99, treeSize: 300 });
    expect(verifyInclusion(inclusion.entry, 99, 300, inclusion.proof.map(hex), hex(inclusion.root))).toBe(true);
    const byId = (await get(`/v1/audit/proofs/inclusion?event=${inclusion.eventId}&size=300`, 'inspector')).json();
    expect(byId.proof).toEqual(inclusion.proof);
    const consistency = (await get('/v1/audit/proofs/consistency?from=300', 'inspector')).json();
    expect(consistency.fromRoot).toBe(inclusion.root);
    expect(
      verifyConsistency(
        300,
        consistency.toSize,
        consistency.proof.map(hex),
        hex(inclusion.root),
        hex(consistency.toRoot),
      ),
    ).toBe(true);
    expectProblem(await get('/v1/audit/proofs/consistency?from=1', 'analyst'), 403);
    expectProblem(await get('/v1/audit/proofs/inclusion?event=100&size=50', 'inspector'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/audit/proofs/inclusion?event=999999', 'inspector'), 404);
  });
});
