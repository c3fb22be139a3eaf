import { Kafka, type LogEntry, logLevel } from 'kafkajs';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** kafkajs messages at this level and above go to `log` (default: errors only). */
  readonly level?: 'error' | 'warn' | 'info';
  readonly log?: (line: string) => void;
}

const LEVELS = { error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO } as const;

/** A kafkajs client whose own log lines are one short line each, on stderr by default. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const log = options.log ?? ((line: string) => console.error(line));
  return new Kafka({
    clientId: options.clientId ?? 'cchc-ledger',
    brokers: [...options.brokers],
    logLevel: LEVELS[options.level ?? 'error'],
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        // Below info, a connection's retriable errors (a coordinator still loading…) are noise:
        // what the retries cannot overcome is reported by the consumer, producer or broker pool.
        if (namespace === 'Connection' && options.level !== 'info') return;
        const { message, error } = entry;
        log(`kafkajs ${logLevel[level] ?? level} [${namespace}] ${message}${error ? `: ${String(error)}` : ''}`);
      },
  });
}

/** `--brokers a:9092,b:9092` */
export function parseBrokerList(text: string): string[] {
  return text
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}
