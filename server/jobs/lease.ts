/**
 * Heartbeat: extends a lease while slow work runs outside any transaction
 * (an external call), every third of the lease. `extend` renews the lease if
 * this worker still holds it and says whether it did. If the lease was lost
 * anyway (the process stalled past it, and another worker took the work
 * over), the signal aborts: the work is the other worker's now.
 */
export function keepLeaseAlive(extend: () => Promise<boolean>, leaseSeconds: number): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    extend()
      .then((held) => {
        if (!held) controller.abort(new Error("The lease was lost"));
      })
      .catch(() => undefined);
  }, Math.max(200, (leaseSeconds * 1000) / 3));
  timer.unref?.();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}
