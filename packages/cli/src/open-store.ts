import { existsSync } from 'node:fs';
import { DuckDbEventStore, NotFoundError } from '@cchc/core';
import { storePath } from './data-dir.ts';

/** Opens the data directory's store, runs `work`, and always closes it (DuckDB checkpoints on close). */
export async function withStore<T>(dataDir: string, options: { readOnly: boolean }, work: (store: DuckDbEventStore) => Promise<T>): Promise<T> {
  const path = storePath(dataDir);
  if (options.readOnly && !existsSync(path)) {
    throw new NotFoundError(
      `Không có kho sự kiện ở ${path}; hãy ghi sự kiện trước hoặc chỉ đúng --data`,
      `no event store at ${path}; append events first or point --data at it`,
    );
  }
  const store = await DuckDbEventStore.open({ path, readOnly: options.readOnly });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
