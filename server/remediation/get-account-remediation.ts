import "server-only";
import { CRITICAL_RULE_IDS } from "../../lib/remediation/actions";
import { NO_REMEDIATION, type RemediationState } from "../../lib/remediation/state";
import type { Db } from "../db";
import { remediationOf } from "../triage/list-triage-entries";
import { findHoldElsewhere, type HoldElsewhere } from "./find-hold-elsewhere";

type ActiveHold = {
  id: string;
  reason: string;
  placedAt: Date;
  expiresAt: Date | null;
  placedBy: string | null;
};

export type AccountRemediationView = {
  state: RemediationState;
  activeHold: ActiveHold | null;
  /** Critical risk rules that still fire for the account (a release asks for confirmation). */
  criticalRules: string[];
  /** Another incident's hold on the account, which a hold here would be skipped for. */
  heldElsewhere: HoldElsewhere | null;
};

/** One account's remediation in an incident, with its active hold, for the account page and the API. */
export async function getAccountRemediation(
  db: Db,
  incidentId: string,
  accountId: number,
  now = new Date(),
): Promise<AccountRemediationView> {
  const [row] = await db.sql.query<{
    reset_status: string | null;
    reset_sent_at: Date | string | null;
    hold_status: string | null;
    hold_until: Date | string | null;
    hold_changed_at: Date | string | null;
    hold_id: string | null;
  }>(
    `SELECT reset_status::text AS reset_status, reset_sent_at, hold_status::text AS hold_status, hold_until, hold_changed_at,
            hold_id::text AS hold_id
       FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
    [incidentId, accountId],
  );
  const [rules] = await db.sql.query<{ risk_rules: string[] }>(
    `SELECT risk_rules FROM triage_entries WHERE incident_id = $1::uuid AND account_id = $2`,
    [incidentId, accountId],
  );
  const state = row ? remediationOf(row) : NO_REMEDIATION;
  let activeHold: ActiveHold | null = null;
  if (row?.hold_id && state.hold === "active") {
    const hold = await db.prisma.withdrawalHold.findUnique({ where: { id: row.hold_id } });
    if (hold && hold.status === "active") {
      const placer = hold.placedById
        ? await db.prisma.staffUser.findUnique({ where: { id: hold.placedById }, select: { name: true } })
        : null;
      activeHold = { id: hold.id, reason: hold.reason, placedAt: hold.placedAt, expiresAt: hold.expiresAt, placedBy: placer?.name ?? null };
    }
  }
  return {
    state,
    activeHold,
    criticalRules: (rules?.risk_rules ?? []).filter((r) => CRITICAL_RULE_IDS.includes(r)),
    heldElsewhere: activeHold ? null : await findHoldElsewhere(db.sql, incidentId, accountId, now),
  };
}
