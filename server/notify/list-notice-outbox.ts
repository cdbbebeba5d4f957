import "server-only";
import type { Db } from "../db";

export type OutboxRow = { id: string; recipient: string; subject: string; test: boolean; createdAt: string; raw: string };

/** The local outbox of an incident, newest first (keyset by id). */
export async function listNoticeOutbox(db: Db, incidentId: string, options: { before?: bigint; limit: number }): Promise<OutboxRow[]> {
  const rows = await db.prisma.noticeOutbox.findMany({
    where: { incidentId, ...(options.before ? { id: { lt: options.before } } : {}) },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    recipient: r.recipient,
    subject: r.subject,
    test: r.test,
    createdAt: r.createdAt.toISOString(),
    raw: r.raw,
  }));
}
