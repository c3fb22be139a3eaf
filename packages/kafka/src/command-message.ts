import {
  type Entry,
  entrySchema,
  eventMetadataSchema,
  fieldIssues,
  INDEX_COMMAND_TYPES,
  type IndexCommand,
  indexCommandSchema,
  type TaskCommand,
  taskCommandSchema,
  type UnitCommand,
  unitCommandSchema,
} from '@cchc/core';
import { z } from 'zod';
import type { RejectReason } from './reject-reason.ts';

/** A command accepted from the topic: which aggregate it acts on, the command, who sent it. */
export type IngestCommand =
  | { readonly kind: 'task'; readonly command: TaskCommand; readonly envelope: CommandEnvelope }
  | { readonly kind: 'unit'; readonly command: UnitCommand; readonly envelope: CommandEnvelope }
  | { readonly kind: 'index'; readonly command: IngestIndexCommand; readonly envelope: CommandEnvelope };

/** The department index's workflow steps (issue 14), but not publication, which carries the computed index. */
export type IngestIndexCommand = Exclude<IndexCommand, { type: 'PublishIndex' }>;

export interface CommandEnvelope {
  /** Stable id of the command: event ids derive from it, so a redelivery appends nothing. */
  readonly commandId: string;
  readonly actor: string | undefined;
  readonly correlationId: string | undefined;
  /** Which kind of date an old `at` is: history the office knew then, or news it learns now. */
  readonly entry?: Entry | undefined;
}

export type ParsedMessage =
  | { readonly ok: true; readonly value: IngestCommand }
  | { readonly ok: false; readonly reason: RejectReason; readonly message: string };

/** The envelope fields beside the command's own; the command schemas are strict about the rest. */
const envelopeSchema = z.object({
  commandId: z.string().min(1).max(200),
  actor: eventMetadataSchema.shape.actor.optional(),
  correlationId: z.string().min(1).max(200).optional(),
  entry: entrySchema.optional(),
  type: z.string(),
});

const TASK_TYPES: ReadonlySet<string> = new Set(taskCommandSchema.options.map((o) => o.shape.type.value));
/** Merges and splits move assignments across many task streams: the CLI does those. */
const UNIT_TYPES: ReadonlySet<string> = new Set(
  unitCommandSchema.options.map((o) => o.shape.type.value).filter((t) => t !== 'MergeUnit' && t !== 'SplitUnit'),
);

/** PublishIndex carries the index as the read models compute it: the API's publish route does that. */
const INDEX_TYPES: ReadonlySet<string> = new Set([...INDEX_COMMAND_TYPES].filter((t) => t !== 'PublishIndex'));

/**
 * Command types renamed since producers were told about them: the old name keeps being accepted
 * (RecognizeInitiative was spelled the American way before the code settled on British spelling).
 */
const RENAMED_TYPES: Readonly<Record<string, string>> = { RecognizeInitiative: 'RecogniseInitiative' };

function describeIssues(error: z.ZodError): string {
  return fieldIssues(error)
    .map((i) => `${i.path || '(message)'}: ${i.message}`)
    .join('; ');
}

/**
 * Reads one message value: JSON, then the envelope, then the command schema of its type.
 * Anything that fails names the reason code and the fields.
 */
export function parseCommandMessage(value: Buffer | null): ParsedMessage {
  if (value === null) return { ok: false, reason: 'not-json', message: 'tin nhắn rỗng — empty message (tombstone)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not-json', message: `không phải JSON — not JSON: ${(error as Error).message}` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'schema-invalid', message: describeIssues(envelope.error) };
  const {
    commandId: _commandId,
    actor: _actor,
    correlationId: _correlationId,
    entry: _entry,
    ...fields
  } = json as Record<string, unknown>;
  const type = RENAMED_TYPES[envelope.data.type] ?? envelope.data.type;
  const command = { ...fields, type };
  const meta: CommandEnvelope = {
    commandId: envelope.data.commandId,
    actor: envelope.data.actor,
    correlationId: envelope.data.correlationId,
    ...(envelope.data.entry ? { entry: envelope.data.entry } : {}),
  };
  if (TASK_TYPES.has(type)) {
    const parsed = taskCommandSchema.safeParse(command);
    return parsed.success
      ? { ok: true, value: { kind: 'task', command: parsed.data, envelope: meta } }
      : invalid(parsed.error);
  }
  if (UNIT_TYPES.has(type)) {
    const parsed = unitCommandSchema.safeParse(command);
    return parsed.success
      ? { ok: true, value: { kind: 'unit', command: parsed.data, envelope: meta } }
      : invalid(parsed.error);
  }
  if (INDEX_TYPES.has(type)) {
    const parsed = indexCommandSchema.safeParse(command);
    return parsed.success
      ? { ok: true, value: { kind: 'index', command: parsed.data as IngestIndexCommand, envelope: meta } }
      : invalid(parsed.error);
  }
  return {
    ok: false,
    reason: 'schema-invalid',
    message: `loại lệnh không nhận qua Kafka — command type not accepted from Kafka: ${JSON.stringify(type)} (accepted: ${[...TASK_TYPES, ...UNIT_TYPES, ...INDEX_TYPES].join(', ')})`,
  };
}

function invalid(error: z.ZodError): ParsedMessage {
  return { ok: false, reason: 'schema-invalid', message: describeIssues(error) };
}
