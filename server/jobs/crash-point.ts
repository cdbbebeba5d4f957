import { env } from "../env";

/**
 * The crash tests' hook. When BREACHDESK_CRASH_AT names this point, the
 * process says so on stderr and stops right there (a transaction may be
 * open), so the test can SIGKILL it at exactly that point. Nothing happens
 * otherwise.
 */
export async function crashPoint(name: string): Promise<void> {
  if (env().BREACHDESK_CRASH_AT !== name) return;
  process.stderr.write(`CRASH-POINT ${name} pid=${process.pid}\n`);
  await new Promise<never>(() => {
    // Never resolves; a timer keeps the event loop (and the process) alive.
    setInterval(() => undefined, 60_000);
  });
}
