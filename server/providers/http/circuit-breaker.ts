// The exchange's circuit breaker, one per process. Closed: calls go through.
// After `threshold` calls in a row that failed (each after its own retries),
// or at once on an answer that retrying cannot mend (401/403: the exchange
// refuses our signature), it opens for `cooldownMs`: calls are not made and
// the bulk action pauses with the reason (process-batch.ts), to be resumed by
// the sweep when the cool-down ends. Then it is half-open: the next call is a
// trial, and one more failure opens it again. Hand-written (a few lines)
// because its "open" side effect is a database state (the paused action) the
// other workers see, not a per-function wrapper as in opossum.
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private reason: string | null = null;

  constructor(
    readonly threshold: number,
    readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when calls may go through; else why not. */
  blocked(): string | null {
    return this.now() < this.openUntil ? this.reason : null;
  }

  success(): void {
    this.failures = 0;
    this.reason = null;
  }

  /** Records a failed call; returns the reason when this opened the breaker. */
  failure(reason: string, options: { immediate?: boolean } = {}): string | null {
    this.failures += 1;
    if (!options.immediate && this.failures < this.threshold) return null;
    this.reason = reason;
    this.openUntil = this.now() + this.cooldownMs;
    // Half-open after the cool-down: one more failure opens it again.
    this.failures = this.threshold - 1;
    return reason;
  }
}
