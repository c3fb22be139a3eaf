import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { capabilityOf, openLedgerStore } from '@cchc/core';
import { EsdbStandIn } from '@cchc/core/testing';
import { createKafka } from '@cchc/kafka';
import {
  committedCount,
  createTopics,
  type KafkaTestEnvironment,
  openLedgerWithPlan,
  produceAll,
  progressWorkload,
  waitFor,
  workloadOutcome,
} from '@cchc/kafka/testing';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from './support/run-cli.ts';

const environment: KafkaTestEnvironment = inject('kafka');

interface RunningCli {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  output(): string;
}

/**
 * `cchc …` as its own process, as an operator would run the worker. One process (tsx as a loader,
 * not tsx's CLI, which would put the worker in a child that a SIGKILL of its parent leaves running).
 */
function startCli(args: readonly string[]): RunningCli {
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(resolve(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href,
      resolve(repoRoot, 'packages/cli/src/bin.ts'),
      ...args,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, INIT_CWD: repoRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exit, output: () => output };
}

describe.skipIf(environment.skipReason !== undefined)('cchc ingest with the store on EventStoreDB', () => {
  let kafka: Kafka;
  let admin: Admin;
  let dataDir: string;
  let standIn: EsdbStandIn | undefined;
  const external = process.env.EVENTSTORE_URL;
  const storeUrl = () => {
    const url = external ?? standIn!.url;
    return `${url}${url.includes('?') ? '&' : '?'}cchcNamespace=ingest-${process.pid}`;
  };

  beforeAll(async () => {
    if (!external) standIn = await EsdbStandIn.start();
    kafka = createKafka({ brokers: environment.brokers!, clientId: 'cli-ingest-esdb-test' });
    admin = kafka.admin();
    await admin.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'cchc-ingest-esdb-'));
  });
  afterAll(async () => {
    await admin?.disconnect();
    await standIn?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a worker process decides 2,000 commands onto the server: each command’s event exactly once, in order, chain intact', async () => {
    const { store, plan } = await openLedgerWithPlan(storeUrl());
    const head = await store.headPosition();
    await store.close();
    const topic = `commands-${randomUUID()}`;
    const group = `ingest-${randomUUID()}`;
    await createTopics(admin, [topic, `${topic}.dlq`], 4);
    const workload = progressWorkload(plan, 2_000, `esdb-${randomUUID()}`);
    await produceAll(kafka, topic, workload, 1_000);
    const worker = startCli([
      '--data',
      dataDir,
      '--store',
      storeUrl(),
      'ingest',
      '--brokers',
      environment.brokers!.join(','),
      '--topic',
      topic,
      '--group',
      group,
      '--session-timeout',
      '6000',
    ]);
    await waitFor(
      async () => (await committedCount(admin, group, topic)) === workload.length,
      120_000,
      'the worker to commit everything',
    );
    worker.child.kill('SIGTERM');
    expect(await worker.exit, worker.output()).toBe(0);
    const reopened = await openLedgerStore({ url: storeUrl() });
    try {
      expect(await workloadOutcome(reopened, head, workload)).toEqual({
        events: workload.length,
        missing: 0,
        unexpected: 0,
        outOfOrderStreams: [],
      });
      expect((await capabilityOf(reopened, 'chainVerifier').verifyChain()).ok).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
