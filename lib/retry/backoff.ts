// Retry timing for calls to outside systems.

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter"): a random wait between 0 and min(cap, base * 2^attempt),
 * so that many clients retrying at once spread out instead of arriving together.
 * `attempt` counts from 0 (the wait before the second try).
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an
 * HTTP-date (RFC 9110 10.2.3). Null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** The wait before the next attempt: the jittered backoff, but never less than the server asked for. */
export function nextRetryDelay(
  attempt: number,
  options: { baseMs: number; capMs: number; retryAfterMs?: number | null; random?: () => number },
): number {
  const jitter = fullJitterDelay(attempt, options.baseMs, options.capMs, options.random);
  return Math.max(jitter, options.retryAfterMs ?? 0);
}
