import "server-only";
import type { Db } from "../db";

export type AuditHead = { lastId: number; hash: string | null; entries: number };

/** The chain's head (last id and hash) and the number of entries: cheap, for the audit page. */
export async function getAuditHead(db: Db): Promise<AuditHead> {
  const [row] = await db.sql.query<{ last_id: number | null; hash: string | null; entries: number }>(
    `SELECT h.last_id, h.hash, (SELECT count(*)::int FROM audit_log) AS entries
       FROM (SELECT 1) one LEFT JOIN audit_chain_head h ON h.id = 1`,
  );
  return { lastId: Number(row?.last_id ?? 0), hash: row?.hash ?? null, entries: Number(row?.entries ?? 0) };
}
