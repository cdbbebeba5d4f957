// Runs once when a Next.js server process starts (instrumentation.ts is Next's
// hook for it):
// - errors printed by Next or any library go through the redacting logger,
//   never with a statement's parameters;
// - the database is opened through server/boot.ts (migrations, audit sealing,
//   repairs after a crash) the first time anything asks for it;
// - the in-process worker that executes bulk actions starts. On the embedded
//   database it is the only possible worker (PGlite has one process); on
//   PostgreSQL it is one of any number (`npx breachdesk worker` starts more).
//   BREACHDESK_WORKER=off makes a web-only instance.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own switch, set before any module of ours loads.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { redactConsoleErrors } = await import("./server/log-console");
  redactConsoleErrors(console);
  const { bootServer } = await import("./server/boot");
  bootServer();
  const { startInProcessWorker } = await import("./server/workers/in-process-worker");
  startInProcessWorker();
}
