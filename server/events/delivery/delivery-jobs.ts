import { appendAuditEntries } from "../../audit/record-audit";
import type { Db } from "../../db";
import type { SqlQueryable } from "../../db/driver";
import { backoffSeconds } from "../../jobs/backoff";
import { claimRows } from "../../jobs/claim";
import { crashPoint } from "../../jobs/crash-point";
import type { JobKind, JobRunner } from "../../jobs/job-kind";
import { obligationSweep } from "../obligation-sweep";
import { attemptDelivery, type Attempt } from "./deliver-one";
import { deliveryConfig, type DeliveryConfig } from "./delivery-config";
import { adminEmails } from "./sql/approver-emails";
import { CLAIM_DELIVERIES, DELIVERIES_LEFT } from "./sql/claim-deliveries";
import { loadDeliveries, type LoadedDelivery } from "./sql/load-deliveries";
import { disableDestination, openBreaker, recordAttemptFailed, recordDelivered } from "./sql/record-outcome";
import type { StaffMailer } from "../staff-mailer";

/*
 * Outgoing events' delivery, one kind of the kernel's leased work. Each
 * delivery row (one event to one destination, written with the event) is
 * claimed with a lease, attempted outside any transaction (an HTTP POST, an
 * e-mail), and its answer recorded in a short transaction if the lease is
 * still ours. A worker that dies after the POST leaves the row queued and
 * leased: when the lease runs out another worker delivers it again, with the
 * same event id (webhook-id), so receivers drop the repeat. At least once.
 */

export type DeliveryOutcome = { claimed: number; delivered: number; failed: number };

type Options = { config?: DeliveryConfig; mailer?: StaffMailer | null };

/** Records one attempt's answer; the breaker, the give-up and the disabling follow from it. */
async function recordAttempt(
  db: Db,
  delivery: LoadedDelivery,
  attempt: Attempt,
  workerId: string,
  config: DeliveryConfig,
): Promise<{ delivered: boolean; disabled: string | null }> {
  return db.sql.transaction(async (tx) => {
    if (attempt.ok) return { delivered: await recordDelivered(tx, delivery.id, workerId, attempt.responseCode), disabled: null };
    const attempts = Number(delivery.attempts);
    const giveUp = attempts >= config.maxAttempts;
    const backoff = backoffSeconds(attempts - 1, { baseSeconds: config.retryBaseSeconds, capSeconds: config.retryCapSeconds });
    const streak = await recordAttemptFailed(tx, delivery.id, workerId, {
      responseCode: attempt.responseCode,
      error: attempt.error,
      retryAfterSeconds: Math.max(backoff, Math.min(attempt.retryAfterSeconds ?? 0, config.retryCapSeconds)),
      giveUp,
    });
    if (!streak) return { delivered: false, disabled: null };
    if (streak.consecutiveFailures >= config.breakerFailures) await openBreaker(tx, streak.destinationId, config.breakerCooldownSeconds);
    const failingHours = (Date.now() - streak.failingSince.getTime()) / 3_600_000;
    if (streak.consecutiveFailures < config.disableAfterFailures && failingHours < config.disableAfterHours) {
      return { delivered: false, disabled: null };
    }
    const reason = `Disabled after ${streak.consecutiveFailures} failed deliveries in a row (the last: ${attempt.error.slice(0, 200)}).`;
    if (!(await disableDestination(tx, streak.destinationId, reason))) return { delivered: false, disabled: null };
    await appendAuditEntries(tx, [
      {
        actor: null,
        action: "event_destination.disabled",
        incidentId: delivery.destination.incident_id,
        targetType: "event_destination",
        targetId: streak.destinationId,
        detail: { reason, consecutiveFailures: streak.consecutiveFailures },
      },
    ]);
    return { delivered: false, disabled: reason };
  });
}

/** Tells the admins by e-mail that a destination was disabled (the audit entry and the page's banner say it too). */
async function tellAdmins(sql: SqlQueryable, mailer: StaffMailer | null, destinationName: string, reason: string): Promise<void> {
  if (!mailer) return;
  for (const to of await adminEmails(sql)) {
    await mailer.send({
      to,
      subject: `[Breachdesk] Event destination disabled: ${destinationName}`,
      text: `${reason}\n\nMend the receiver, then enable the destination again on the Integrations page.`,
      incidentId: null,
    });
  }
}

async function runOneBatch(db: Db, workerId: string, config: DeliveryConfig, mailer: StaffMailer | null): Promise<DeliveryOutcome | null> {
  const claimed = await db.sql.transaction((tx) =>
    claimRows<{ id: string }>(tx, CLAIM_DELIVERIES, { workerId, leaseSeconds: config.leaseSeconds }, [config.batchSize]),
  );
  if (claimed.length === 0) return null;
  const deliveries = await loadDeliveries(db.sql, claimed.map((c) => c.id), workerId);
  const outcome: DeliveryOutcome = { claimed: claimed.length, delivered: 0, failed: 0 };
  // One destination's deliveries in order, destinations side by side.
  const byDestination = new Map<string, LoadedDelivery[]>();
  for (const d of deliveries) byDestination.set(d.destination.id, [...(byDestination.get(d.destination.id) ?? []), d]);
  await Promise.all(
    [...byDestination.values()].map(async (list) => {
      for (const delivery of list) {
        const attempt = await attemptDelivery(db.sql, delivery, config, mailer);
        await crashPoint("event-delivered");
        const { delivered, disabled } = await recordAttempt(db, delivery, attempt, workerId, config);
        if (delivered) outcome.delivered += 1;
        else outcome.failed += 1;
        if (disabled) await tellAdmins(db.sql, mailer, delivery.destination.name, disabled).catch(() => undefined);
        // A failure holds the destination's later deliveries back (its breaker may now be open).
        if (!attempt.ok) break;
      }
    }),
  );
  return outcome;
}

/** The delivery worker as a kind of leased work (server/workers/work.ts composes it). */
export function eventDeliveryJobs(options: Options = {}): JobKind<DeliveryOutcome> {
  return {
    name: "event delivery",
    workerLabel: "events",
    drainLabel: "events-drain",
    sweeps: [obligationSweep],
    loops: () => 1,
    open(db: Db): JobRunner<DeliveryOutcome> {
      const config = options.config ?? deliveryConfig();
      const mailer = options.mailer ?? null;
      return {
        describe: "delivering outgoing events",
        runOne: (workerId) => runOneBatch(db, workerId, config, mailer),
        hasWork: async () => {
          const [row] = await db.sql.query<{ left: boolean }>(DELIVERIES_LEFT);
          return Boolean(row?.left);
        },
        count: (outcome) => outcome.claimed,
        close: () => mailer?.close(),
      };
    },
  };
}
