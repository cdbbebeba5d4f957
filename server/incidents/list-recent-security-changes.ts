import { maskEmail } from "../../lib/email/mask";
import type { Db } from "../db";

export type SecurityChange = {
  id: number;
  accountExternalId: string;
  email: string;
  kind: string;
  occurredAt: Date;
  ip: string | null;
};

const CHANGE_KINDS = ["password_change", "two_factor_change", "email_change", "withdrawal_address_change"] as const;

/**
 * The latest password or security-detail changes on exposed accounts after T0:
 * the accounts whose withdrawals may need holding. Addresses are masked here,
 * on the server, for viewers who may not see them in full.
 */
export async function listRecentSecurityChanges(
  db: Db,
  incident: { id: string; awareAt: Date },
  options: { limit: number; unmasked: boolean },
): Promise<SecurityChange[]> {
  const events = await db.prisma.securityEvent.findMany({
    where: {
      incidentId: incident.id,
      kind: { in: [...CHANGE_KINDS] },
      occurredAt: { gt: incident.awareAt },
    },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: options.limit,
    include: { account: { select: { externalId: true, email: true } } },
  });
  return events.map((event) => ({
    id: event.id,
    accountExternalId: event.account.externalId,
    email: options.unmasked ? event.account.email : maskEmail(event.account.email),
    kind: event.kind,
    occurredAt: event.occurredAt,
    ip: event.ip,
  }));
}
