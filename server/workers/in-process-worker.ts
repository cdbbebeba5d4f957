import { getDb } from "../db";
import { env } from "../env";
import { runAllWork } from "./work";

const globalForWorker = globalThis as unknown as { breachdeskWorker?: AbortController };

/** Starts the web server's own worker once per process, unless BREACHDESK_WORKER=off. */
export function startInProcessWorker(): void {
  if (env().BREACHDESK_WORKER === "off" || globalForWorker.breachdeskWorker) return;
  const controller = new AbortController();
  globalForWorker.breachdeskWorker = controller;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => controller.abort());
  void getDb()
    .then((db) => runAllWork(db, { signal: controller.signal, log: (message) => console.log(`[breachdesk] ${message}`) }))
    .catch((error: unknown) => {
      console.error("[breachdesk] the in-process worker stopped:", (error as Error).message);
      globalForWorker.breachdeskWorker = undefined;
    });
}
