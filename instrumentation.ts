// Runs once when a Next.js server process starts (instrumentation.ts is Next's
// hook for it): from then on, errors printed by Next or any library go through
// the redacting logger, never with a statement's parameters.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own switch, set before any module of ours loads; the
  // logger needs Node (the edge runtime has no process.stderr).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { redactConsoleErrors } = await import("./server/log-console");
  redactConsoleErrors(console);
}
