import { LRUCache } from 'lru-cache';

/**
 * Failed authentications per client address in a fixed window. Only failures count: a verified key
 * is never refused here (its quota is the rate limiter's, by key id), so no one can lock out a real
 * key by presenting its id with wrong secrets, and made-up key ids all land in their address's
 * budget instead of escaping it.
 */
export class FailedAuthLimiter {
  private readonly windows: LRUCache<string, { count: number; resetAt: number }>;

  constructor(
    readonly maxPerWindow: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache({ max: 100_000 });
  }

  /** Records one failure; returns the seconds to wait when the address is over its budget. */
  fail(address: string): { limited: false } | { limited: true; retryAfterSeconds: number } {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(address, window);
    }
    window.count++;
    if (window.count <= this.maxPerWindow) return { limited: false };
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
  }
}
