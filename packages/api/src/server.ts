import { dirname, join } from 'node:path';
import {
  CheckpointKeeper,
  EvidenceFiles,
  embeddedDatabase,
  evidenceDirOf,
  type KeptCheckpoint,
  keepLogTreeAt,
  type LedgerStore,
  openLedgerStore,
  scheduleCheckpoints,
} from '@cchc/core';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { ApiKeyStore } from './access/api-keys.ts';
import type { ApiServices } from './api-services.ts';
import { type AppOptions, buildApp } from './app.ts';
import { IdempotencyStore } from './http/idempotency.ts';
import { backupDataDir } from './operations/backup.ts';
import { listenControl } from './operations/control-socket.ts';
import { ApiMetrics } from './plugins/metrics.ts';
import { ReadModels } from './read-models.ts';

export const keyFileOf = (dataDir: string): string => join(dataDir, 'api-keys.json');

/** Opens what the API needs on an open store. `close` releases it all (not the store). */
export async function openServices(
  store: LedgerStore,
  keys: ApiKeyStore,
  onProgress?: (done: number, total: number) => void,
): Promise<ApiServices & { close(): Promise<void> }> {
  const readModels = await ReadModels.open(store, onProgress);
  const connection = await embeddedDatabase(store).connect();
  const idempotency = await IdempotencyStore.open(connection).catch(async (error: unknown) => {
    connection.close();
    await readModels.close();
    throw error;
  });
  return {
    store,
    readModels,
    keys,
    idempotency,
    metrics: new ApiMetrics(() => readModels.lag()),
    directory: store.capabilities.taskDirectory,
    // Evidence files live in the data directory, beside the key file (whatever the store's adapter).
    evidence: new EvidenceFiles(evidenceDirOf(dirname(keys.path))),
    checkpoints: new CheckpointKeeper(dirname(keys.path), store),
    async close() {
      idempotency.close();
      await readModels.close();
    },
  };
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** Stops accepting, lets requests in flight finish, then closes the read side and the store. */
  close(): Promise<void>;
}

/** Opens the data directory's store and serves the API on it. */
export async function startServer(options: {
  /** The store: a DuckDB file path, or any URL `openLedgerStore` takes. */
  storePath: string;
  /** For a store without an embedded DuckDB: its DuckDB replica (read models, the API's tables). */
  replicaPath?: string;
  keys: ApiKeyStore;
  host?: string;
  port?: number;
  /** JSON logs on stdout at this level (pino levels; `silent` for none). */
  logLevel?: string;
  app?: Omit<AppOptions, 'logger'>;
  onProgress?: (done: number, total: number) => void;
  /** Listen for operators' requests (backups) on this Unix socket (controlSocketPath of the data directory). */
  controlSocket?: string;
  /** Keep the log's Merkle tree in this file between runs (keptTreeFileOf the data directory). */
  keptTreeFile?: string;
  /** Take a signed checkpoint this often (ms) while serving, when the log grew since the latest one; off when absent. */
  checkpointEveryMs?: number;
}): Promise<RunningServer> {
  const store = await openLedgerStore({
    url: options.storePath,
    ...(options.replicaPath ? { replicaPath: options.replicaPath } : {}),
  });
  if (options.keptTreeFile) keepLogTreeAt(store, options.keptTreeFile);
  let services: (ApiServices & { close(): Promise<void> }) | undefined;
  let app: FastifyInstance | undefined;
  try {
    services = await openServices(store, options.keys, options.onProgress);
    // JSON lines to stdout through an asynchronous buffer: one write per 4 KiB, not per request.
    const logStream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    app = await buildApp(services, {
      ...options.app,
      logger: { level: options.logLevel ?? 'info', stream: logStream },
    });
    const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3000 });
    const opened = services;
    const running = app;
    const keyFile = options.keys.path;
    const control = options.controlSocket
      ? await listenControl(options.controlSocket, { backup: (out) => backupDataDir(store, keyFile, out) })
      : undefined;
    // A publication whose checkpoint was not kept (a process killed between the two) gets one now.
    const covering = coverLatestPublication(opened).then(
      (kept) =>
        kept &&
        running.log.info(
          { treeSize: kept.checkpoint.treeSize, root: kept.checkpoint.root, file: kept.file },
          'checkpoint covering the latest publication',
        ),
      (error: unknown) => running.log.error({ err: error }, 'checkpoint failed'),
    );
    const schedule =
      options.checkpointEveryMs === undefined
        ? undefined
        : scheduleCheckpoints(opened.checkpoints, options.checkpointEveryMs, {
            onTaken: ({ checkpoint, file }) =>
              running.log.info(
                { treeSize: checkpoint.treeSize, root: checkpoint.root, takenAt: checkpoint.takenAt, file },
                'checkpoint',
              ),
            onError: (error) => running.log.error({ err: error }, 'checkpoint failed'),
          });
    let closing: Promise<void> | undefined;
    return {
      app: running,
      url,
      close: () =>
        (closing ??= (async () => {
          await control?.close();
          await schedule?.stop();
          await covering;
          await running.close();
          logStream.flushSync();
          await opened.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await app?.close();
    await services?.close();
    await store.close();
    throw error;
  }
}

/** Takes a checkpoint when the latest RankingPublished has none covering it; returns it, if one was taken. */
export async function coverLatestPublication(services: ApiServices): Promise<KeptCheckpoint | undefined> {
  const { value: last } = await services.readModels.read(
    (db) => db.value<number | null>(`SELECT max(global_position) FROM events WHERE type = 'RankingPublished'`),
    'cheap',
  );
  if (last === null || last === undefined || services.checkpoints.covering(Number(last))) return undefined;
  const kept = await services.checkpoints.ensureCovering(Number(last));
  return kept.taken ? kept : undefined;
}
