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
