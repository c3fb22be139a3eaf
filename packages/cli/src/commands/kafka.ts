import { join } from 'node:path';
import {
  checkpointFileName,
  createKafka,
  DEFAULT_COMMAND_TOPIC,
  DEFAULT_EVENT_TOPIC,
  DEFAULT_GROUP,
  deadLetterTopicOf,
  EventPublisher,
  ensureTopics,
  type IngestCounters,
  IngestWorker,
  PublishCheckpoint,
  parseBrokerList,
} from '@cchc/kafka';
import type { Command } from 'commander';
import type { Kafka } from 'kafkajs';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withStore } from '../open-store.ts';

interface KafkaOptions {
  brokers: string;
  clientId: string;
  verbose?: boolean;
  createTopics?: boolean;
  partitions: string;
}

interface IngestOptions extends KafkaOptions {
  topic: string;
  group: string;
  dlqTopic?: string;
  publishTo?: string;
  progressEvery: string;
  sessionTimeout: string;
  batchBytes: string;
}

interface PublishOptions extends KafkaOptions {
  topic: string;
}

function addKafkaOptions(command: Command): Command {
  return command
    .requiredOption(
      '--brokers <list>',
      'máy chủ Kafka, cách nhau bởi dấu phẩy / Kafka brokers, comma-separated (host:port,…)',
    )
    .option('--client-id <id>', 'tên máy khách Kafka / Kafka client id', 'cchc-ledger')
    .option('--create-topics', 'tạo chủ đề còn thiếu / create missing topics')
    .option('--partitions <n>', 'số phân vùng khi tạo chủ đề / partitions of created topics', '4')
    .option('--verbose', 'in nhật ký của kafkajs / print kafkajs logs');
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(
      `${name} phải là số nguyên ≥ 1: ${value}`,
      `${name} must be an integer ≥ 1: ${value}`,
      EXIT.invalidInput,
    );
  return n;
}

function kafkaFrom(opts: KafkaOptions): Kafka {
  const brokers = parseBrokerList(opts.brokers);
  if (brokers.length === 0) throw new CliError('--brokers trống', '--brokers is empty', EXIT.invalidInput);
  return createKafka({ brokers, clientId: opts.clientId, level: opts.verbose ? 'info' : 'error' });
}

async function createTopicsIfAsked(kafka: Kafka, opts: KafkaOptions, topics: readonly string[]): Promise<void> {
  if (!opts.createTopics) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(
      admin,
      topics.map((topic) => ({ topic, numPartitions: positive(opts.partitions, '--partitions') })),
    );
    if (created.length > 0) console.error(`• Đã tạo chủ đề — created topics: ${created.join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}

/** Resolves on the first SIGTERM or SIGINT. */
function shutdownSignal(): Promise<string> {
  return new Promise((done) => {
    const on = (signal: string) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      done(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

function countersLine(c: Readonly<IngestCounters>, seconds: number): string {
  const rate = seconds > 0 ? Math.round(c.messages / seconds) : 0;
  return (
    `${c.messages} tin nhắn (${c.accepted} nhận, ${c.duplicates} trùng, ${c.deadLettered} thư chết), ${c.events} sự kiện, ${rate}/s — ` +
    `${c.messages} messages (${c.accepted} accepted, ${c.duplicates} duplicates, ${c.deadLettered} dead-lettered), ${c.events} events, ${rate}/s`
  );
}

export function registerKafkaCommands(program: Command): void {
  addKafkaOptions(
    program
      .command('ingest')
      .description(
        'nhận lệnh từ Kafka, kiểm tra theo quy tắc và ghi vào kho; lệnh hỏng vào chủ đề thư chết; dừng bằng SIGTERM/Ctrl-C / ' +
          'consume commands from Kafka, decide and append them; bad ones go to the dead-letter topic; stop with SIGTERM/Ctrl-C',
      )
      .option('--topic <topic>', 'chủ đề lệnh / command topic', DEFAULT_COMMAND_TOPIC)
      .option('--group <group>', 'nhóm tiêu thụ / consumer group', DEFAULT_GROUP)
      .option('--dlq-topic <topic>', 'chủ đề thư chết (mặc định <topic>.dlq) / dead-letter topic (default <topic>.dlq)')
      .option(
        '--publish-to <topic>',
        'đồng thời phát sự kiện đã ghi lên chủ đề này / also publish committed events to this topic',
      )
      .option('--progress-every <seconds>', 'in bộ đếm mỗi N giây / print counters every N seconds', '5')
      .option(
        '--batch-bytes <n>',
        'số byte tối đa mỗi lô của một phân vùng (một giao dịch ghi) / most bytes per partition batch (one store transaction)',
        String(4 * 1024 * 1024),
      )
      .option(
        '--session-timeout <ms>',
        'nhóm chờ một tiến trình im lặng bao lâu / how long the group waits for a silent member',
        '30000',
      ),
  ).action(async (opts: IngestOptions, command: Command) => {
    const kafka = kafkaFrom(opts);
    const dlqTopic = opts.dlqTopic ?? deadLetterTopicOf(opts.topic);
    await createTopicsIfAsked(kafka, opts, [opts.topic, dlqTopic, ...(opts.publishTo ? [opts.publishTo] : [])]);
    const dataDir = dataDirOf(command);
    await withStore(dataDir, { readOnly: false }, async (store) => {
      const log = (line: string) => console.error(line);
      const worker = new IngestWorker({
        kafka,
        store,
        topic: opts.topic,
        groupId: opts.group,
        deadLetterTopic: dlqTopic,
        sessionTimeoutMs: positive(opts.sessionTimeout, '--session-timeout'),
        maxBytesPerPartition: positive(opts.batchBytes, '--batch-bytes'),
        log,
      });
      const publisher = opts.publishTo
        ? new EventPublisher({
            kafka,
            store,
            topic: opts.publishTo,
            checkpoint: new PublishCheckpoint(join(dataDir, checkpointFileName(opts.publishTo)), opts.publishTo),
            log,
          })
        : undefined;
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      let printed = 0;
      const ticker = setInterval(() => {
        if (worker.counters.messages === printed) return;
        printed = worker.counters.messages;
        console.error(`… ${countersLine(worker.counters, seconds())}`);
      }, positive(opts.progressEvery, '--progress-every') * 1000);
      try {
        await worker.start();
        if (publisher) {
          await publisher.connect();
          publisher.follow();
        }
        console.error(
          `▶ Đang nhận lệnh từ ${opts.topic} (nhóm ${opts.group}); thư chết → ${dlqTopic}${opts.publishTo ? `; phát sự kiện → ${opts.publishTo}` : ''} — ` +
            `consuming ${opts.topic} (group ${opts.group}); dead letters → ${dlqTopic}${opts.publishTo ? `; publishing events → ${opts.publishTo}` : ''}`,
        );
        const signal = await Promise.race([shutdownSignal(), worker.failed]);
        console.error(
          `• Nhận ${signal}, đang dừng sau lô hiện tại — ${signal} received, stopping after the batch in hand`,
        );
      } finally {
        clearInterval(ticker);
        await worker.stop();
        await publisher?.stop();
      }
      console.log(`✓ ${countersLine(worker.counters, seconds())}`);
    });
  });

  addKafkaOptions(
    program
      .command('publish')
      .description(
        'phát các sự kiện đã ghi (từ điểm dừng lần trước) lên Kafka, khóa theo luồng, rồi thoát / ' +
          'publish committed events (from the last checkpoint) to Kafka, keyed by stream, then exit',
      )
      .option('--topic <topic>', 'chủ đề sự kiện / event topic', DEFAULT_EVENT_TOPIC),
  ).action(async (opts: PublishOptions, command: Command) => {
    const kafka = kafkaFrom(opts);
    await createTopicsIfAsked(kafka, opts, [opts.topic]);
    const dataDir = dataDirOf(command);
    await withStore(dataDir, { readOnly: true }, async (store) => {
      const checkpoint = new PublishCheckpoint(join(dataDir, checkpointFileName(opts.topic)), opts.topic);
      const head = await store.headPosition();
      let lastShown = 0;
      const publisher = new EventPublisher({
        kafka,
        store,
        topic: opts.topic,
        checkpoint,
        batchSize: 5_000,
        log: (line) => console.error(line),
        onPublished: (position, published) => {
          if (published - lastShown < 50_000 && position < head) return;
          lastShown = published;
          console.error(`… ${position}/${head}`);
        },
      });
      await publisher.connect();
      const from = publisher.position;
      try {
        await publisher.catchUp();
      } finally {
        await publisher.stop();
      }
      console.log(
        publisher.published === 0
          ? `• Không có sự kiện mới sau vị trí ${from} — nothing new after position ${from}`
          : `✓ Đã phát ${publisher.published} sự kiện (vị trí ${from + 1}–${publisher.position}) lên ${opts.topic}; điểm dừng ${checkpoint.path} — ` +
              `published ${publisher.published} events (positions ${from + 1}–${publisher.position}) to ${opts.topic}; checkpoint ${checkpoint.path}`,
      );
    });
  });
}
