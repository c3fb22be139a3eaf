/** Exponential backoff between attempts, capped. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 200, maxMs: 10_000 };

export function delayFor(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Runs `work` until it succeeds. Between attempts `onFailure` is told the error and the delay (it
 * may throw to give up, e.g. when shutting down) and the delay is slept in `slices`, calling
 * `tick` after each slice (a consumer's heartbeat).
 */
export async function retryForever<T>(
  work: () => Promise<T>,
  options: {
    readonly backoff: Backoff;
    readonly onFailure: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
    readonly tick?: () => Promise<void>;
    readonly sliceMs?: number;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delayFor(options.backoff, attempt);
      await options.onFailure(error, attempt, delay);
      const slice = options.sliceMs ?? 1_000;
      for (let waited = 0; waited < delay; waited += slice) {
        await sleep(Math.min(slice, delay - waited));
        await options.tick?.();
      }
    }
  }
}
