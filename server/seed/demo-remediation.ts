import type { Db } from "../db";
import { approveBulkAction } from "../remediation/control-bulk-action";
import { recordResetsCompleted } from "../remediation/record-reset-completed";
import type { StaffActor } from "../audit/record-audit";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { runSingleAction } from "../remediation/single-action";
import { builtinProvider } from "../providers/builtin/builtin-provider";
import { drainWork } from "../workers/work";

/** The demo's request awaiting approval: a fixed id, so tests can name it. */
const DEMO_PENDING_BULK_ACTION_ID = "00000000-0000-4000-8000-0000000000b1";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function staff(db: Db, email: string): Promise<StaffActor> {
  const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  return user;
}

/**
 * The demo's remediation, made through the same functions staff use, on the
 * demo's clock (T0 some days before the seed ran, see demoClockShift): resets of every critical and high account on
 * the first day (requested by the analyst, approved by the admin), holds on
 * the accounts changed after T0, some holds released after the customer was
 * verified, customers completing their resets over the following days, and
 * one bulk request still awaiting approval (made now, so it has not expired).
 * Skipped when the incident already has bulk actions.
 */
export async function seedDemoRemediation(
  db: Db,
  incident: { id: string; awareAt: Date },
  log: (message: string) => void = () => undefined,
): Promise<boolean> {
  if ((await db.prisma.bulkAction.count({ where: { incidentId: incident.id } })) > 0) return false;
  const t0 = incident.awareAt.getTime();
  const analyst = await staff(db, "analyst@breachdesk.test");
  const admin = await staff(db, "admin@breachdesk.test");
  const support = await staff(db, "support@breachdesk.test");
  const at = (ms: number) => new Date(t0 + ms);

  const resets = await requestBulkAction(
    db,
    incident,
    {
      kind: "password_reset",
      reason: "Recommended: reset every critical and high-risk exposed account",
      selection: { kind: "filter", query: "tier=critical,high" },
    },
    analyst,
    { origin: "recommendation", at: at(22 * HOUR) },
  );
  if (resets.status === "pending_approval") await approveBulkAction(db, resets.id, admin, { note: "Filter checked", at: at(22 * HOUR + 25 * MINUTE) });
  // The story's history happened on the built-in provider, whatever this process is configured with.
  await drainWork(db, { provider: builtinProvider, clock: () => at(22 * HOUR + 40 * MINUTE) });

  const holds = await requestBulkAction(
    db,
    incident,
    {
      kind: "withdrawal_hold",
      reason: "Password or security details changed after the leak: hold until the customer is verified",
      selection: { kind: "filter", query: "tier=critical" },
      holdHours: null,
    },
    support,
    { at: at(23 * HOUR) },
  );
  if (holds.status === "pending_approval") await approveBulkAction(db, holds.id, analyst, { note: "As agreed on the 09:00 call", at: at(23 * HOUR + 10 * MINUTE) });
  await drainWork(db, { provider: builtinProvider, clock: () => at(23 * HOUR + 20 * MINUTE) });

  // Support verifies a few customers by phone and releases their holds.
  const held = await db.sql.query<{ account_id: number }>(
    `SELECT account_id FROM account_remediation WHERE incident_id = $1::uuid AND hold_status = 'active' ORDER BY account_id LIMIT 12`,
    [incident.id],
  );
  for (const [i, row] of held.entries()) {
    await runSingleAction(
      db,
      incident,
      Number(row.account_id),
      {
        kind: "hold_release",
        releaseCode: i % 4 === 3 ? "false_positive" : "verified_with_customer",
        reason: i % 4 === 3 ? "Password change was the customer's own, before the e-mail" : "Verified by phone with ID check",
        confirmCritical: true,
      },
      support,
      { at: at(2 * DAY + i * 47 * MINUTE), provider: builtinProvider },
    );
  }

  // Customers set new passwords over the following days (most in the first two).
  const forced = await db.sql.query<{ account_id: number }>(
    `SELECT account_id FROM account_remediation WHERE incident_id = $1::uuid AND reset_status = 'sent' ORDER BY account_id`,
    [incident.id],
  );
  const completions = forced
    .filter((_, i) => i % 5 !== 0)
    .map((row, i) => ({ accountId: Number(row.account_id), at: at(23 * HOUR + ((i * 7919) % 1000) ** 2 / 1000 * 6 * MINUTE) }));
  await recordResetsCompleted(db, incident.id, completions);

  // One request still waiting for a second person.
  await requestBulkAction(
    db,
    incident,
    {
      kind: "password_reset",
      reason: "Extend the forced reset to medium-risk accounts",
      selection: { kind: "filter", query: "tier=medium" },
    },
    analyst,
    { id: DEMO_PENDING_BULK_ACTION_ID },
  );
  log(`Remediation: ${resets.total} resets, ${holds.total} holds, ${held.length} releases, ${completions.length} resets completed by customers, one request awaiting approval.`);
  return true;
}
