import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { RejectReason } from './reject-reason.ts';

/** Headers the dead-letter topic adds to the original message's own. */
export const DLQ_HEADERS = {
  reason: 'cchc-dlq-reason',
  message: 'cchc-dlq-message',
  topic: 'cchc-dlq-source-topic',
  partition: 'cchc-dlq-source-partition',
  offset: 'cchc-dlq-source-offset',
  at: 'cchc-dlq-at',
} as const;

/** Header values are UTF-8; a long explanation is cut so the record stays small. */
const MAX_REASON_MESSAGE = 2_000;

/**
 * The dead-letter record of a message the worker could not accept: the original value bytes, key
 * and headers unchanged, and where it came from and why it was refused in added headers.
 */
export function deadLetterMessage(
  source: { readonly topic: string; readonly partition: number; readonly message: KafkaMessage },
  reason: RejectReason,
  explanation: string,
  now: Date = new Date(),
): Message {
  const original: IHeaders = source.message.headers ?? {};
  return {
    key: source.message.key,
    value: source.message.value,
    headers: {
      ...original,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.message]: explanation.slice(0, MAX_REASON_MESSAGE),
      [DLQ_HEADERS.topic]: source.topic,
      [DLQ_HEADERS.partition]: String(source.partition),
      [DLQ_HEADERS.offset]: source.message.offset,
      [DLQ_HEADERS.at]: now.toISOString(),
    },
  };
}
