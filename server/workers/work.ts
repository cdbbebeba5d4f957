import type { Db } from "../db";
import { forgetJobs } from "../forget/forget-jobs";
import { periodicAuditHeadLog } from "../audit/log-audit-head";
import { drainJobs, runJobLoops } from "../jobs/loop";
import { SweepRegistry } from "../jobs/sweeps";
import { newWorkerId } from "../jobs/worker-id";
import { closingSweeps } from "../closing/closing-sweeps";
import { evidenceSweeps } from "../evidence/evidence-sweeps";
import { eventDeliveryJobs } from "../events/delivery/delivery-jobs";
import type { DeliveryConfig } from "../events/delivery/delivery-config";
import { janitorSweeps } from "../maintenance/janitor-sweeps";
import { noticeJobs } from "../notify/send-notices";
import { noticeStaffMailer } from "../notify/staff-mailer";
import { bulkActionJobs, type BulkWorkOptions } from "../remediation/bulk-action-jobs";
import { bulkActionSweeps } from "../remediation/bulk-action-sweeps";
import { remediationChartSweeps } from "../remediation-stats/read-remediation-charts";
import type { BatchOutcome } from "../remediation/run-batch";
import { auditForwardJobs } from "../siem/forward-audit";
import { triageSweeps } from "../triage/sort-indexes";

// Where the kinds of leased work meet the kernel: the one place that knows
// every kind. The kernel (server/jobs) imports no domain; each domain hands
// its kind and its sweeps in here. A new kind adds one line to each function.

/** Bulk actions' sweeps, the process's janitors, the large incidents' sort orders, the charts of incidents an import changed, then the evidence packs owed: what the bulk-action loop runs when idle. */
function bulkSweeps(): SweepRegistry {
  return new SweepRegistry().add(
    ...bulkActionSweeps,
    ...closingSweeps,
    ...janitorSweeps,
    ...triageSweeps,
    ...remediationChartSweeps,
    ...evidenceSweeps,
  );
}

/**
 * Ends what time ends, once: bulk requests nobody approved in time, holds
 * past their expiry, breaker pauses past their cool-down, and the janitors'
 * rows. What each settled, by name (approvals, holds, imports, ...).
 */
export async function sweepExpired(db: Db, at: Date): Promise<Record<string, number>> {
  return bulkSweeps().run(db, at);
}

/**
 * Runs bulk-action batches until no running bulk action has work left (the
 * seed, the CLI's --drain, tests). A batch leased to another worker is waited
 * for: if that worker died, its lease runs out and the batch is taken over here.
 */
export function drainWork(db: Db, options: BulkWorkOptions & { workerId?: string } = {}): Promise<number> {
  return drainJobs(db, bulkActionJobs(options), {
    workerId: options.workerId ?? newWorkerId("drain"),
    sweeps: bulkSweeps(),
  });
}

/** Sends until no running campaign has anything left (tests, the CLI's --drain), with the sender's loops. */
export function drainNotices(db: Db): Promise<number> {
  const kind = noticeJobs();
  return drainJobs(db, kind, { loops: kind.loops(db) });
}

/** Forwards the audit log until every enabled destination has caught up with the chain's head (tests, the CLI's --drain). */
export function drainAuditForwarding(db: Db): Promise<number> {
  return drainJobs(db, auditForwardJobs());
}

/** Forgets closed incidents' personal data until no forget run is left (tests, the CLI's --drain); a dead worker's run is taken over. */
export function drainForgetting(db: Db): Promise<number> {
  return drainJobs(db, forgetJobs());
}

/** Delivers outgoing events until none is due (tests, the CLI's --drain); e-mail through the notices' SMTP path. */
export function drainEvents(db: Db, options: { config?: DeliveryConfig; workerId?: string } = {}): Promise<number> {
  return drainJobs(db, eventDeliveryJobs({ config: options.config, mailer: noticeStaffMailer(db) }), {
    workerId: options.workerId ?? newWorkerId("events-drain"),
  });
}

/**
 * Every kind's worker loops in this process until the signal aborts (the web
 * server's own worker, `breachdesk worker`): `concurrency` bulk-action loops
 * (each its own worker id and lease), the notice sender's loops, the forget
 * worker's loop and the audit forwarder.
 */
export async function runAllWork(
  db: Db,
  options: {
    signal: AbortSignal;
    log?: (message: string) => void;
    concurrency?: number;
    onBatch?: (outcome: BatchOutcome) => void;
  },
): Promise<void> {
  const logHead = periodicAuditHeadLog();
  const bulk = bulkSweeps().add({
    name: "auditHeadLog",
    run: async (d) => ((await logHead(d.sql, Date.now())) ? 1 : 0),
  });
  const bulkKind = bulkActionJobs({ onBatch: options.onBatch });
  await Promise.all([
    runJobLoops(db, bulkKind, {
      signal: options.signal,
      log: options.log,
      sweeps: bulk,
      loops: options.concurrency ?? bulkKind.loops(db),
    }),
    runJobLoops(db, noticeJobs(), { signal: options.signal, log: options.log }),
    runJobLoops(db, auditForwardJobs(), { signal: options.signal, log: options.log }),
    runJobLoops(db, forgetJobs(), { signal: options.signal, log: options.log }),
    runJobLoops(db, eventDeliveryJobs({ mailer: noticeStaffMailer(db) }), { signal: options.signal, log: options.log }),
  ]);
}
