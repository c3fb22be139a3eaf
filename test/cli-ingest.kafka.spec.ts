import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { capabilityOf, openLedgerStore } from '@cchc/core';
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

describe.skipIf(environment.skipReason !== undefined)('cchc ingest, a worker process', () => {
  let kafka: Kafka;
  let admin: Admin;
  let dataDir: string;

  beforeAll(async () => {
    kafka = createKafka({ brokers: environment.brokers!, clientId: 'cli-ingest-test' });
    admin = kafka.admin();
    await admin.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'cchc-ingest-'));
  });
  afterAll(async () => {
    await admin?.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed with SIGKILL in the middle of 10,000 commands and restarted: each command’s event exactly once, in order, chain intact', async () => {
    const { store, plan } = await openLedgerWithPlan(join(dataDir, 'events.duckdb'));
    const head = await store.headPosition();
    await store.close();
    const topic = `commands-${randomUUID()}`;
    const group = `ingest-${randomUUID()}`;
    await createTopics(admin, [topic, `${topic}.dlq`], 4);
    const workload = progressWorkload(plan, 10_000, `kill-${randomUUID()}`);
    // Small batches (~230 commands, each its own transaction and commit) keep the worker busy
    // through many append-then-commit steps, so the kill most likely lands inside one.
    const args = [
      '--data',
      dataDir,
      'ingest',
      '--brokers',
      environment.brokers!.join(','),
      '--topic',
      topic,
      '--group',
      group,
    ];
    const tuning = ['--batch-bytes', '65536', '--session-timeout', '6000', '--progress-every', '1'];
    await produceAll(kafka, topic, workload, 1_000);

    const first = startCli([...args, ...tuning]);
    await waitFor(
      async () => (await committedCount(admin, group, topic)) >= 2_000,
      60_000,
      'the first worker to commit 2,000 messages',
    );
    // A random moment inside the next batches: before, during or after an append.
    await new Promise((r) => setTimeout(r, Math.random() * 60));
    first.child.kill('SIGKILL');
    expect(await first.exit).toBeNull();
    const committedAtKill = await committedCount(admin, group, topic);
    expect(committedAtKill).toBeLessThan(workload.length);

    const second = startCli([...args, ...tuning]);
    await waitFor(
      async () => (await committedCount(admin, group, topic)) === workload.length,
      90_000,
      'the restarted worker to commit everything',
    );
    second.child.kill('SIGTERM');
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toMatch(/dừng|stopping/);
    console.log(
      `SIGKILL at ${committedAtKill} committed; the restarted worker: ${second
        .output()
        .split('\n')
        .find((l) => l.startsWith('✓'))}`,
    );

    const reopened = await openLedgerStore({ url: join(dataDir, 'events.duckdb'), readOnly: true });
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
