// A token bucket for a client-side rate limit on calls that carry many items
// (a batch call costs one token per item). Written here rather than taken from
// npm: the limiters there count calls, not weighted calls, or start full,
// which lets a burst of `capacity` through at once; this one starts empty at
// its first request, so the items sent t seconds after it never exceed
// rate * t: "never above the limit" holds from the first call. Waiters are
// served in order.

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    }
    signal?.addEventListener("abort", abort, { once: true });
  });

export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private started = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    if (!(ratePerSecond > 0)) throw new Error("The rate must be positive");
    if (!(capacity >= 1)) throw new Error("The capacity must be at least 1");
  }

  /** Resolves when `count` tokens have been taken (in the order asked). */
  take(count: number, signal?: AbortSignal): Promise<void> {
    if (count > this.capacity) throw new Error(`Cannot take ${count} tokens from a bucket of ${this.capacity}`);
    const turn = this.tail.then(() => this.waitFor(count, signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.now();
    // Empty at the first request, not at construction: a limiter that waited
    // idle (a worker before its first batch) has saved nothing up.
    if (!this.started) {
      this.started = true;
      this.last = now;
    }
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  private async waitFor(count: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= count) {
        this.tokens -= count;
        return;
      }
      await this.wait(Math.max(1, Math.ceil(((count - this.tokens) / this.ratePerSecond) * 1000)), signal);
    }
  }
}
