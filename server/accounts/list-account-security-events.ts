import "server-only";
import type { Db } from "../db";

export type AccountSecurityEvent = {
  id: number;
  kind: string;
  occurredAt: Date;
  ip: string | null;
  detail: string | null;
  afterT0: boolean;
};

/**
 * The account's security events, oldest first, each marked before or after T0:
 * all of them, whichever incident's file brought them (an event is a fact
 * about the account, ranked so, and listed so on the incident's overview).
 */
export async function listAccountSecurityEvents(
  db: Db,
  incident: { id: string; awareAt: Date },
  accountId: number,
  options: { limit?: number } = {},
): Promise<{ events: AccountSecurityEvent[]; truncated: boolean }> {
  const limit = options.limit ?? 200;
  // Newest first so that a long history keeps its recent end, then reversed.
  const rows = await db.prisma.securityEvent.findMany({
    where: { accountId },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, kind: true, occurredAt: true, ip: true, detail: true },
  });
  const truncated = rows.length > limit;
  return {
    truncated,
    events: rows
      .slice(0, limit)
      .reverse()
      .map((row) => ({ ...row, afterT0: row.occurredAt.getTime() > incident.awareAt.getTime() })),
  };
}
