import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../events/envelope.ts';
import type { LedgerStore } from './capabilities.ts';

/**
 * The named capabilities every adapter offers (stream catalogue, task directory) and, where an
 * adapter has one, the chain verifier, pinned once for all. Test code only.
 */
export function capabilitiesContract(adapterName: string, openStore: () => Promise<LedgerStore>): void {
  describe(`store capabilities: ${adapterName}`, () => {
    const opened: LedgerStore[] = [];
    const open = async () => {
      const store = await openStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const event = (type: string, data: Record<string, unknown>, unitId?: string): NewEvent => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: { actor: 'contract-test', source: 'test', ...(unitId ? { unitId } : {}) },
      occurredAt: '2025-03-10T09:00:00+07:00',
    });

    it('lists stream ids by prefix, sorted, each once', async () => {
      const store = await open();
      for (const s of ['plan-2026', 'task-2025-I.1', 'plan-2025', 'unit-a']) {
        await store.appendToStream(s, [event('SomethingHappened', {}), event('SomethingHappened', {})]);
      }
      expect(await store.capabilities.streamCatalogue.streamIdsWithPrefix('plan-')).toEqual(['plan-2025', 'plan-2026']);
      expect(await store.capabilities.streamCatalogue.streamIdsWithPrefix('none-')).toEqual([]);
    });

    it('finds the task streams that name a unit: lead, coordinator, reassignment, or the event’s unit', async () => {
      const store = await open();
      await store.appendToStream('task-2025-I.1', [
        event('TaskDefined', { taskId: 'I.1', lead: ['a'], coordinators: ['b'] }),
      ]);
      await store.appendToStream('task-2025-I.2', [
        event('TaskDefined', { taskId: 'I.2', lead: ['c'], coordinators: [] }),
      ]);
      await store.appendToStream('task-2025-I.2', [event('TaskReassigned', { taskId: 'I.2', toUnitId: 'd' })]);
      await store.appendToStream('task-2025-I.3', [event('ProgressReported', { taskId: 'I.3', unitId: 'e' })]);
      await store.appendToStream('unit-a', [event('UnitEstablished', { unitId: 'a' })]);
      const directory = store.capabilities.taskDirectory;
      expect(await directory.taskStreamsOfUnit('a')).toEqual(['task-2025-I.1']);
      expect(await directory.taskStreamsOfUnit('b')).toEqual(['task-2025-I.1']);
      expect(await directory.taskStreamsOfUnit('d')).toEqual(['task-2025-I.2']);
      expect(await directory.taskStreamsOfUnit('e')).toEqual(['task-2025-I.3']);
      expect(await directory.taskStreamsOfUnit('z')).toEqual([]);
    });

    it('verifies its chain, when it keeps one, up to the head hash it reports', async (context) => {
      const store = await open();
      const verifier = store.capabilities.chainVerifier;
      if (!verifier) return context.skip();
      await store.appendToStream('a', [event('SomethingHappened', { n: 1 })]);
      await store.appendMany([
        { streamId: 'b', events: [event('SomethingHappened', { n: 2 })] },
        { streamId: 'a', events: [event('SomethingHappened', { n: 3 })] },
      ]);
      const log = await store.readAll();
      const verification = await verifier.verifyChain();
      expect(verification).toMatchObject({ ok: true, checked: 3, headPosition: 3, headHash: log[2]!.hash });
      expect(await verifier.headHash()).toEqual({ position: 3, hash: log[2]!.hash });
    });
  });
}
