import { existsSync } from 'node:fs';
import {
  keepLogTreeAt,
  keptTreeFileOf,
  type LedgerStore,
  openLedgerStore,
  StoreLockedError,
  StoreMissingError,
} from '@cchc/core';
import { ProjectionEngine } from '@cchc/projections';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { dataDirOf, storeTarget } from './data-dir.ts';
import { EXIT } from './exit-codes.ts';
import { progressBar } from './progress.ts';

/** Opens the data directory's store, runs `work`, and always closes it (DuckDB checkpoints on close). */
export async function withStore<T>(
  dataDir: string,
  options: { readOnly: boolean },
  work: (store: LedgerStore) => Promise<T>,
): Promise<T> {
  const target = storeTarget(dataDir);
  const path = target.url;
  if (target.embedded && options.readOnly && path !== ':memory:' && !existsSync(path)) {
    throw new StoreMissingError(
      `Không có kho sự kiện ở ${path}; hãy ghi sự kiện trước hoặc chỉ đúng --data`,
      `no event store at ${path}; append events first or point --data at it`,
    );
  }
  const store = await openLedgerStore({
    url: target.url,
    ...(target.embedded ? { readOnly: options.readOnly } : {}),
    ...(target.replicaPath ? { replicaPath: target.replicaPath } : {}),
  }).catch((error: unknown) => {
    if (options.readOnly && error instanceof StoreLockedError) throw heldByServer(error);
    throw error;
  });
  keepLogTreeAt(store, keptTreeFileOf(dataDir));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Opens the projection engine on an open store, runs `work`, and always closes the engine. */
export async function withEngine<T>(store: LedgerStore, work: (engine: ProjectionEngine) => Promise<T>): Promise<T> {
  const engine = await ProjectionEngine.open(store);
  try {
    return await work(engine);
  } finally {
    engine.close();
  }
}

/** Brings the read models up to the log head, with a progress bar on a terminal. */
export async function catchUpToHead(engine: ProjectionEngine, store: LedgerStore, label: string): Promise<void> {
  const progress = progressBar(label);
  await engine
    .catchUp(await store.headPosition(), (done, total) => progress.update(done, total))
    .finally(() => progress.stop());
}

/** Opens the store, brings the read models up to the head (with a progress bar), runs `work`. */
export async function withReadModels<T>(
  command: Command,
  work: (engine: ProjectionEngine, store: LedgerStore) => Promise<T>,
): Promise<T> {
  return withStore(dataDirOf(command), { readOnly: false }, (store) =>
    withEngine(store, async (engine) => {
      await catchUpToHead(engine, store, 'Cập nhật mô hình đọc / projecting');
      return work(engine, store);
    }),
  );
}

/**
 * A read while another process (usually `cchc serve`) holds the store: DuckDB lets one process
 * open a file while a writer holds it, so the answer is to read through the server.
 */
function heldByServer(error: StoreLockedError): CliError {
  return new CliError(
    `${error.vi}\n  → Nếu đó là máy chủ (cchc serve/start), hãy đọc qua API, ví dụ GET /v1/rankings/<năm>, /v1/units/<mã>/explanation, /v1/events; hoặc dừng máy chủ rồi chạy lại lệnh này`,
    `${error.en}\n  → If that is the server (cchc serve/start), read through the API, e.g. GET /v1/rankings/<year>, /v1/units/<id>/explanation, /v1/events; or stop the server and run this again`,
    EXIT.storeUnavailable,
  );
}
