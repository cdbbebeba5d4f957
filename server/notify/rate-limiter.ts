import { PacedBucket } from "../../lib/rate-limit/paced-bucket";

/**
 * Spaces sends evenly at `perSecond` (0: no limit), across every caller in
 * this process: a token bucket of one token (lib/rate-limit), so the first
 * send goes at once, each later one waits for its slot, and an idle sender
 * saves up no burst. The clock and the wait are injectable for tests.
 */
export function createRateLimiter(
  perSecond: number,
  clock?: () => number,
  wait?: (ms: number) => Promise<void>,
): { take(): Promise<void> } {
  if (perSecond <= 0) return { take: async () => undefined };
  const bucket = new PacedBucket({ capacity: 1, perSecond }, { start: "full", now: clock, wait });
  return { take: () => bucket.take(1) };
}
