import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real, single-node Apache Kafka (KRaft, broker and controller in one JVM) for tests and
 * benchmarks. The server jars come from Maven Central through `scripts/kafka/pom.xml` and are
 * cached in `.cache/kafka/libs-<version>`; the broker listens on 127.0.0.1 only.
 */

/** The repository root (this file is packages/kafka/src/testing/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const POM = join(REPO_ROOT, 'scripts/kafka/pom.xml');
/** Keep in step with `kafka.version` in the pom. */
export const KAFKA_VERSION = '4.1.1';
export const KAFKA_CACHE = join(REPO_ROOT, '.cache/kafka');

export type Prerequisites = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Java and Maven on the PATH, which the broker needs. */
export function kafkaPrerequisites(): Prerequisites {
  const missing = ['java', 'mvn'].filter((tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return { ok: true };
  return { ok: false, reason: `${missing.join(' và ')} không có trên PATH — ${missing.join(' and ')} not on the PATH` };
}

/** Copies the Kafka server and its dependencies into the cache once; returns the jar directory. */
export function fetchKafkaJars(): string {
  const libs = join(KAFKA_CACHE, `libs-${KAFKA_VERSION}`);
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;
  rmSync(libs, { recursive: true, force: true });
  const run = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  if (run.status !== 0 || !readdirSync(libs).some((f) => f.startsWith('kafka_2.13-'))) {
    throw new Error(`mvn dependency:copy-dependencies failed (${run.status}): ${run.stdout}${run.stderr}`);
  }
  writeFileSync(marker, '');
  return libs;
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export interface KafkaBrokerOptions {
  /** Where the broker keeps its log and config; created (and formatted) when new. */
  readonly dir: string;
  readonly libs: string;
  readonly heap?: string;
  readonly numPartitions?: number;
}

/**
 * One broker process. `stop()` then `start()` restarts it on the same ports and log directory, as
 * a broker restart in production would.
 */
export class KafkaBroker {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: KafkaBrokerOptions,
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Formats a new log directory and starts the broker; resolves when it accepts connections. */
  static async launch(options: KafkaBrokerOptions): Promise<KafkaBroker> {
    const broker = new KafkaBroker(options, await freePort(), await freePort());
    broker.format();
    await broker.start();
    return broker;
  }

  private get configFile(): string {
    return join(this.options.dir, 'server.properties');
  }

  private java(mainClass: string, args: readonly string[], jvm: readonly string[] = []): string[] {
    return [
      ...jvm,
      '-cp',
      `${this.options.libs}/*`,
      `-Dlog4j2.configurationFile=${join(this.options.dir, 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${this.options.dir}`,
      mainClass,
      ...args,
    ];
  }

  private format(): void {
    const { dir } = this.options;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      this.configFile,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        'inter.broker.listener.name=PLAINTEXT',
        `log.dirs=${join(dir, 'log')}`,
        `num.partitions=${this.options.numPartitions ?? 1}`,
        // One node: internal topics cannot have more replicas than there are brokers.
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=4',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'log4j2.properties'),
      [
        'status = warn',
        'appender.file.type = File',
        'appender.file.name = file',
        `appender.file.fileName = ${join(dir, 'server.log')}`,
        'appender.file.layout.type = PatternLayout',
        'appender.file.layout.pattern = [%d] %p %m (%c)%n',
        'rootLogger.level = warn',
        'rootLogger.appenderRef.file.ref = file',
        '',
      ].join('\n'),
    );
    const run = spawnSync(
      'java',
      this.java('kafka.tools.StorageTool', ['format', '-t', 'Y2NoYy1sZWRnZXItdGVzdA', '-c', this.configFile]),
      {
        encoding: 'utf8',
      },
    );
    if (run.status !== 0)
      throw new Error(`kafka StorageTool format failed (${run.status}): ${run.stdout}${run.stderr}`);
  }

  /** Starts the JVM and waits until the broker port accepts connections. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.process) return;
    const jvm = [
      `-Xmx${this.options.heap ?? '512m'}`,
      '-Xms128m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
    ];
    const child = spawn('java', this.java('kafka.Kafka', [this.configFile], jvm), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString('utf8');
    });
    this.process = child;
    // A test run that dies must not leave a JVM behind.
    const killWithUs = () => child.kill('SIGKILL');
    process.once('exit', killWithUs);
    this.exited = new Promise((done) =>
      child.once('exit', () => {
        process.off('exit', killWithUs);
        done();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!(await accepts(this.port))) {
      if (exited) {
        this.process = undefined;
        throw new Error(`Kafka exited at start: ${stderr} (see ${join(this.options.dir, 'server.log')})`);
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`Kafka did not accept connections on ${this.port} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM (a controlled shutdown), SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Stops the broker and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.options.dir, { recursive: true, force: true });
  }
}
