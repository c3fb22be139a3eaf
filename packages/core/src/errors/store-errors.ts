import type { ExpectedRevision } from '../event-store/expected-revision.ts';
import { CchcError } from './cchc-error.ts';

function describeExpected(expected: ExpectedRevision): { vi: string; en: string } {
  if (expected === 'no_stream') return { vi: 'luồng chưa tồn tại', en: 'no stream' };
  if (expected === 'stream_exists') return { vi: 'luồng đã tồn tại', en: 'stream exists' };
  if (expected === 'any') return { vi: 'bất kỳ', en: 'any' };
  return { vi: `phiên bản ${expected}`, en: `revision ${expected}` };
}

/** The stream is not at the revision the caller expected; nothing was written. */
export class ConcurrencyError extends CchcError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision of the stream; -1 when it does not exist. */
    readonly actual: number,
  ) {
    const e = describeExpected(expected);
    const a =
      actual < 0 ? { vi: 'chưa tồn tại', en: 'no stream' } : { vi: `phiên bản ${actual}`, en: `revision ${actual}` };
    super(
      `Xung đột phiên bản ở luồng ${streamId}: mong đợi ${e.vi}, thực tế ${a.vi}`,
      `revision conflict on stream ${streamId}: expected ${e.en}, actual ${a.en}`,
    );
  }
  override details(): Record<string, unknown> {
    return { streamId: this.streamId, expected: this.expected, actual: this.actual };
  }
}

/** An event id already stored with other content (or in another append) was sent again. */
export class EventIdReusedError extends CchcError {
  readonly code = 'EVENT_ID_REUSED';
  constructor(
    readonly eventId: string,
    reason: { vi: string; en: string },
  ) {
    super(`Mã sự kiện ${eventId} đã được dùng: ${reason.vi}`, `event id ${eventId} already used: ${reason.en}`);
  }
  override details(): Record<string, unknown> {
    return { eventId: this.eventId };
  }
}

/** Another process (or another handle in this one) holds the store file for writing. */
export class StoreLockedError extends CchcError {
  readonly code = 'STORE_LOCKED';
  constructor(
    readonly path: string,
    holder: string | undefined,
    options?: { cause?: unknown },
  ) {
    const who = holder ? ` (${holder})` : '';
    super(
      `Kho sự kiện ${path} đang được một tiến trình khác mở để ghi${who}; hãy dừng tiến trình đó hoặc dùng thư mục dữ liệu khác`,
      `event store ${path} is open for writing by another process${who}; stop it or use another data directory`,
      options,
    );
  }
}

export class StoreClosedError extends CchcError {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('Kho sự kiện đã đóng', 'event store is closed');
  }
}

/**
 * The store could not complete a write (I/O error, disk full…). Nothing of that write is visible.
 * The engine's own text (English) is kept once, after both languages.
 */
export class StoreWriteError extends CchcError {
  readonly code = 'STORE_WRITE_FAILED';
  constructor(engineText: string, options?: { cause?: unknown }) {
    super('Không ghi được vào kho sự kiện', 'could not write to the event store', {
      ...options,
      message: `Không ghi được vào kho sự kiện — could not write to the event store: ${engineText}`,
    });
  }
}

/** An append to a store opened read-only. */
export class StoreReadOnlyError extends CchcError {
  readonly code = 'STORE_READ_ONLY';
  constructor(path: string) {
    super(`Kho sự kiện ${path} đang mở chỉ để đọc`, `event store ${path} is open read-only`);
  }
}

/** There is no event store where one was expected (nothing recorded yet, or the wrong data directory). */
export class StoreMissingError extends CchcError {
  readonly code = 'STORE_MISSING';
  constructor(vi: string, en: string) {
    super(vi, en);
  }
}

/**
 * The store's file is damaged (a checksum that does not match, a truncated or overwritten file):
 * not a bug, an operator's matter. Nothing more is written to it; docs/operations.md says how to
 * recover (keep the damaged file, restore the last backup, verify).
 */
export class StoreDamagedError extends CchcError {
  readonly code = 'STORE_DAMAGED';
  constructor(
    readonly path: string,
    readonly engineText: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Tệp kho sự kiện ${path} bị hỏng (${engineText}). Khôi phục: dừng mọi tiến trình dùng thư mục dữ liệu, giữ lại tệp hỏng, cchc restore <thư mục sao lưu>, rồi cchc verify (docs/operations.md)`,
      `the event store file ${path} is damaged (${engineText}). To recover: stop every process on the data directory, keep the damaged file, cchc restore <backup dir>, then cchc verify (docs/operations.md)`,
      options,
    );
  }
  override details(): Record<string, unknown> {
    return { path: this.path, recovery: 'docs/operations.md#a-damaged-store' };
  }
}

/**
 * The database engine stopped after a fatal failure in this process (typically a write that could
 * not be made durable: disk full, a read-only file system). What was acknowledged is on disk; the
 * process must be restarted once the cause is removed.
 */
export class StoreFailedError extends CchcError {
  readonly code = 'STORE_FAILED';
  constructor(
    readonly path: string,
    readonly engineText: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Kho sự kiện ${path} đã dừng sau một lỗi nghiêm trọng (${engineText}); khắc phục nguyên nhân (ổ đầy, chỉ đọc…) rồi khởi động lại`,
      `the event store ${path} stopped after a fatal failure (${engineText}); remove the cause (disk full, read-only…) and restart`,
      options,
    );
  }
}
