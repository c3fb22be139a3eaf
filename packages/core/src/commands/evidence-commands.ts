import { z } from 'zod';
import { evidenceFileAddedEvent } from '../events/domain/evidence-events.ts';
import { instantSchema } from '../events/envelope.ts';
import { commandSchema } from './command-schema.ts';

const { sha256, fileName, size, mediaType, unitId, planYear } = evidenceFileAddedEvent.shape.data.shape;

/** Records a stored evidence file; the uploader is the command's actor. Stream `evidence-<sha256>`. */
export const evidenceCommandSchema = z.discriminatedUnion('type', [
  commandSchema('AddEvidenceFile', { sha256, fileName, size, mediaType, unitId, planYear, at: instantSchema }),
]);

export type EvidenceCommand = z.infer<typeof evidenceCommandSchema>;
