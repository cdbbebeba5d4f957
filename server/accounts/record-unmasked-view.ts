import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { ACCOUNT_AUDIT_TARGET } from "./list-account-audit";

/** The audit action of a staff member seeing a customer's address unmasked. */
export const UNMASKED_VIEW_ACTION = "accounts.viewed_unmasked";

/**
 * Records that `viewer` saw this account's address unmasked (ASVS V7/V8: access
 * to sensitive data is itself logged). Called before the page shows it, so a
 * failed write shows nothing. The account page's audit trail lists these.
 */
export async function recordUnmaskedAccountView(
  db: Db,
  viewer: AuditActor,
  incidentId: string,
  accountId: number,
): Promise<void> {
  await recordAudit(db.prisma, {
    actor: viewer,
    action: UNMASKED_VIEW_ACTION,
    incidentId,
    targetType: ACCOUNT_AUDIT_TARGET,
    targetId: String(accountId),
    detail: { fields: ["email"], page: "account" },
  });
}
