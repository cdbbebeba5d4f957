import { AppError } from "../../server/errors";
import { newWorkerId } from "../../server/jobs/worker-id";
import {
  drainAuditForwarding,
  drainEvents,
  drainForgetting,
  drainNotices,
  drainWork,
  runAllWork,
} from "../../server/workers/work";
import { workerConcurrency } from "../../server/remediation/remediation-config";
import { withDb, type CommandContext } from "../context";

const MAX_CONCURRENCY = 64;

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function concurrencyOf(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new AppError("VALIDATION", "Cannot start the worker:", {
      concurrency: `a whole number from 1 to ${MAX_CONCURRENCY}`,
    });
  }
  return n;
}

/**
 * `breachdesk worker`: runs bulk-action work until SIGINT or SIGTERM (the
 * batch in hand finishes first; a second signal exits at once). `--drain`
 * runs what is queued now and exits. `--concurrency N` runs N loops in this
 * process, each with its own worker id and lease.
 */
export async function runWorkerCommand(ctx: CommandContext, values: Record<string, string | boolean | undefined>) {
  const requested = concurrencyOf(values.concurrency);
  return withDb(ctx, async (db) => {
    const concurrency = requested ?? workerConcurrency(db.sql.kind);
    if (values.drain) {
      const counts = await Promise.all(
        Array.from({ length: concurrency }, () => drainWork(db, { workerId: newWorkerId("drain") })),
      );
      const batches = counts.reduce((sum, n) => sum + n, 0);
      // Customer notices: their own claim loops, after the bulk work.
      const notices = await drainNotices(db);
      // Forgetting closed incidents: its own loop.
      const forgotten = await drainForgetting(db);
      // Outgoing events: the work above may have written some.
      const events = await drainEvents(db);
      // The audit entries all of that wrote, to the SIEM destinations: last.
      const forwarded = await drainAuditForwarding(db);
      ctx.log(
        `Drained: ${batches} batches, ${notices} notices, ${forgotten} rows forgotten, ${events} event deliveries, ${forwarded} audit entries forwarded.`,
      );
      return { batches, notices, forgotten, events, forwarded, peakRssMb: peakRssMb() };
    }
    const controller = new AbortController();
    let batches = 0;
    const stop = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) {
        ctx.log(`${signal} again: exiting without waiting for the batches in hand (their leases run out).`);
        process.exit(130);
      }
      ctx.log(`${signal}: stopping after the batches in hand.`);
      controller.abort();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
      await runAllWork(db, { signal: controller.signal, log: ctx.log, concurrency, onBatch: () => (batches += 1) });
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
    return { stopped: true, batches, peakRssMb: peakRssMb() };
  });
}
