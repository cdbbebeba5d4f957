// Runs once when the Next.js server starts: the in-process worker that
// executes bulk actions. On the embedded database it is the only possible
// worker (PGlite has one process); on PostgreSQL it is one of any number
// (`npx breachdesk worker` starts more). BREACHDESK_WORKER=off makes a
// web-only instance.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInProcessWorker } = await import("./server/work/in-process-worker");
  startInProcessWorker();
}
