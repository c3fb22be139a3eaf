import { describe, expect, it } from 'vitest';
import { capabilityOf } from '../../event-store/capabilities.ts';
import { openLedgerStore } from '../../event-store/open-ledger-store.ts';
import { domainEventSchema } from './domain-event.ts';
import { upcast } from './upcasters.ts';

describe('upcasting ProgressReported v1 → v2', () => {
  it('reads an event stored in the old shape as the current one, leaving the stored row and its hash as written', async () => {
    const store = await openLedgerStore({ url: ':memory:' });
    try {
      await store.appendToStream('task-2025-II.3', [
        {
          type: 'ProgressReported',
          schemaVersion: 1,
          data: {
            taskId: 'II.3',
            unitId: 'vpdkdd',
            percent: '45,5%',
            note: 'Đã số hóa 3 bộ hồ sơ',
            evidence: 'CV 12/VPĐK; CV 15/VPĐK',
          },
          metadata: { actor: 'legacy-system', source: 'import' },
          occurredAt: '2025-02-20T10:00:00+07:00',
        },
      ]);
      const [stored] = await store.readStream('task-2025-II.3');
      expect(stored!.schemaVersion).toBe(1);
      const current = upcast(stored!);
      expect(current.schemaVersion).toBe(2);
      expect(current.data).toEqual({
        taskId: 'II.3',
        unitId: 'vpdkdd',
        percent: 45.5,
        note: 'Đã số hóa 3 bộ hồ sơ',
        evidenceRefs: ['CV 12/VPĐK', 'CV 15/VPĐK'],
      });
      expect(current.hash).toBe(stored!.hash);
      // The upcast data satisfies today's schema.
      expect(domainEventSchema.safeParse({ type: current.type, data: current.data }).success).toBe(true);
      // ...which the v1 data did not.
      expect(domainEventSchema.safeParse({ type: stored!.type, data: stored!.data }).success).toBe(false);
      expect((await capabilityOf(store, 'chainVerifier').verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('leaves current-version events as they are', () => {
    const event = {
      eventId: 'e',
      streamId: 's',
      streamRevision: 0,
      globalPosition: 1,
      type: 'ProgressReported',
      schemaVersion: 2,
      data: { taskId: 'II.3', unitId: 'u', percent: 10, evidenceRefs: [] },
      metadata: { actor: 'a', source: 'test' as const },
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt: '2025-01-01T00:00:00.000Z',
      prevHash: '',
      hash: '',
    };
    expect(upcast(event)).toBe(event);
  });
});
