import "server-only";
import type { Db } from "../db";

export type AccountAction = {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  requestedBy: string | null;
  createdAt: Date;
  completedAt: Date | null;
  attempts: number;
  lastError: string | null;
  bulk: boolean;
};

/** The remediation actions taken on an account in this incident, newest first. */
export async function listAccountActions(db: Db, incidentId: string, accountId: number): Promise<AccountAction[]> {
  const rows = await db.prisma.remediationAction.findMany({
    where: { incidentId, accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    include: { requestedBy: { select: { name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    requestedBy: row.requestedBy?.name ?? row.requestedBy?.email ?? null,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    attempts: row.attempts,
    lastError: row.lastError,
    bulk: row.bulkActionId !== null,
  }));
}
