import "server-only";

// Requests per key (an API token) and process: a token bucket per key that
// refills at `perSecond` up to `burst`. Answers how long to wait instead of
// waiting: the caller sends 429 with Retry-After. Written here: a Map and
// two numbers per key, where an npm limiter would bring its own store.
export class KeyRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Null when the request may go; else the seconds until it may. */
  take(key: string): number | null {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    if (this.buckets.size > 10_000) this.buckets.clear();
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
