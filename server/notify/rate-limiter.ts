/**
 * Spaces sends evenly at `perSecond` (0: no limit), across every caller in
 * this process: each take() reserves the next free slot and waits for it.
 * The clock and the wait are injectable for tests.
 */
export function createRateLimiter(
  perSecond: number,
  clock: () => number = () => performance.now(),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): { take(): Promise<void> } {
  if (perSecond <= 0) return { take: async () => undefined };
  const interval = 1000 / perSecond;
  let next = -Infinity;
  return {
    async take() {
      const now = clock();
      const slot = Math.max(now, next);
      next = slot + interval;
      if (slot > now) await wait(slot - now);
    },
  };
}
