import { z } from 'zod';
import type { RecordedEvent } from '../envelope.ts';
import { CURRENT_SCHEMA_VERSION, type DomainEventType, isDomainEventType } from './domain-event.ts';

/**
 * ProgressReported v1, as units' systems sent it in early 2025: percent as text ("45%") and one
 * free-text evidence field. v2 has a number and a list of references.
 */
export const progressReportedV1Data = z.object({
  taskId: z.string(),
  unitId: z.string(),
  percent: z.union([z.string(), z.number()]),
  note: z.string().optional(),
  evidence: z.string().optional(),
});

type Upcaster = (data: unknown) => unknown;

/** (type, from version) → data in version + 1. Chains run until the current version. */
const UPCASTERS: Partial<Record<DomainEventType, Record<number, Upcaster>>> = {
  ProgressReported: {
    1: (data) => {
      const v1 = progressReportedV1Data.parse(data);
      const percent =
        typeof v1.percent === 'number' ? v1.percent : Number.parseFloat(v1.percent.replace('%', '').replace(',', '.'));
      const evidenceRefs = (v1.evidence ?? '')
        .split(/[;,\n]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return {
        taskId: v1.taskId,
        unitId: v1.unitId,
        percent: Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0,
        ...(v1.note !== undefined ? { note: v1.note } : {}),
        evidenceRefs,
      };
    },
  },
};

/**
 * Brings a stored event's data to the current schema version. The stored row is untouched (its
 * hash covers what was written); only the returned object is upgraded.
 */
export function upcast<E extends RecordedEvent>(event: E): E {
  if (!isDomainEventType(event.type)) return event;
  const current = CURRENT_SCHEMA_VERSION[event.type];
  let version = event.schemaVersion;
  let data = event.data;
  while (version < current) {
    const step = UPCASTERS[event.type]?.[version];
    if (!step) throw new Error(`no upcaster for ${event.type} v${version} → v${version + 1}`);
    data = step(data);
    version += 1;
  }
  return version === event.schemaVersion ? event : { ...event, schemaVersion: version, data };
}
