import { reserve, type BucketLimit, type BucketState } from "./token-bucket";

// The in-memory back-end of the token bucket (token-bucket.ts): one
// process's pacing of its own calls. Every take() reserves its tokens at
// once and waits out the shortfall, so concurrent callers are served in the
// order they asked, each after the one before.

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

type PacedBucketOptions = {
  /**
   * "full": the first `capacity` tokens go at once (a spacer of capacity 1
   * lets its first call straight through). "empty", at the first take, not at
   * construction (a limiter that waited idle has saved nothing up): the
   * tokens taken t seconds after the first take never exceed perSecond × t.
   */
  start: "full" | "empty";
  /** Milliseconds; injectable, with `wait`, for tests on a virtual clock. */
  now?: () => number;
  wait?: Sleep;
};

export class PacedBucket {
  private state: BucketState = null;
  private readonly now: () => number;
  private readonly wait: Sleep;

  constructor(
    readonly limit: BucketLimit,
    private readonly options: PacedBucketOptions,
  ) {
    if (!(limit.perSecond > 0)) throw new Error("The rate must be positive");
    if (!(limit.capacity >= 1)) throw new Error("The capacity must be at least 1");
    this.now = options.now ?? (() => performance.now());
    this.wait = options.wait ?? sleep;
  }

  /** Resolves when `count` tokens have been taken (in the order asked); rejects, taking none, if `signal` aborts first. */
  async take(count = 1, signal?: AbortSignal): Promise<void> {
    if (count > this.limit.capacity)
      throw new Error(`Cannot take ${count} tokens from a bucket of ${this.limit.capacity}`);
    const now = this.now();
    if (this.state === null && this.options.start === "empty") this.state = { tokens: 0, atMs: now };
    const { waitMs, state } = reserve(this.limit, this.state, count, now);
    this.state = state;
    if (waitMs <= 0) return;
    try {
      await this.wait(waitMs, signal);
    } catch (error) {
      // Not sent: the tokens go back, so the callers behind it lose nothing.
      if (this.state) this.state = { tokens: this.state.tokens + count, atMs: this.state.atMs };
      throw error;
    }
  }
}
