import type { Prisma as PrismaTypes } from "../db/generated/prisma/client";
import type { Prisma } from "../db/create-prisma";
import type { SqlQueryable } from "../db/driver";
import { auditEntryMac, auditHeadMac } from "../../lib/audit/chain";
import { redactAddressesIn } from "../../lib/email/redact-addresses";
import { auditKey } from "./audit-key";

/**
 * Who acted. A request made with an API token acts as the token's creator and
 * carries the token's id (the token principal is passed as it is): the entry
 * then records the token too, so what a shared token did is told apart from
 * what its creator did by hand.
 */
export type AuditActor = { id: string; email: string; tokenId?: string | null } | null;

/** A person who acts (a bulk action, a notice, a template); `tokenId` when through an API token (`id` is then its creator). */
export type StaffActor = NonNullable<AuditActor>;

function detailWithToken(entry: AuditEntry): PrismaTypes.InputJsonValue | null {
  const tokenId = entry.actor?.tokenId;
  const detail = entry.detail ?? null;
  if (!tokenId) return detail;
  if (detail === null) return { tokenId };
  if (typeof detail === "object" && !Array.isArray(detail)) return { tokenId, ...detail };
  return { tokenId, detail };
}

/** An entry's detail when it is an object (most are). */
export type AuditDetail = PrismaTypes.InputJsonObject;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  incidentId?: string | null;
  targetType?: string;
  targetId?: string;
  detail?: PrismaTypes.InputJsonValue;
  ip?: string | null;
  /** When it happened; now by default (the demo seed replays 2019). */
  at?: Date;
};

/** A Prisma client or transaction client: all recordAudit needs is raw SQL. */
export type AuditWriter = Pick<Prisma, "$queryRawUnsafe"> & { $transaction?: Prisma["$transaction"] };

type RawQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Appends entries to the chain. Must run inside a transaction: the head row
 * stays locked until it commits, so concurrent appenders chain one after the
 * other in commit order. Call it last in a transaction (after any other row
 * locks), so two transactions never wait on each other in opposite orders.
 */
async function appendChained(query: RawQuery, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const key = auditKey();
  const [head] = await query<{ head_last_id: number; head_hash: string; head_keyed_from: number | null }>(
    `SELECT head_last_id, head_hash, head_keyed_from FROM audit_chain_lock()`,
    [],
  );
  if (!head) throw new Error("audit_chain_head is missing");
  let previous = head.head_hash;
  let id = Number(head.head_last_id);
  const keyedFrom = head.head_keyed_from ?? id + 1;
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  const now = new Date();
  for (const entry of entries) {
    id += 1;
    const content = {
      id,
      at: entry.at ?? now,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      incidentId: entry.incidentId ?? null,
      targetType: entry.targetType ?? null,
      // An incident's entries never carry an address (a customer's, typed
      // into a note, a reason or a search): the chain outlives the incident's
      // personal data, which is forgotten at the end (docs/forgetting.md).
      targetId: entry.incidentId && entry.targetId ? redactAddressesIn(entry.targetId) : (entry.targetId ?? null),
      detail: entry.incidentId ? redactAddressesIn(detailWithToken(entry)) : detailWithToken(entry),
      ip: entry.ip ?? null,
    };
    const hash = auditEntryMac(key, previous, content);
    const values = [
      content.id,
      content.at.toISOString(),
      content.actorId,
      content.actorEmail,
      content.action,
      content.incidentId,
      content.targetType,
      content.targetId,
      content.detail === null ? null : JSON.stringify(content.detail),
      content.ip,
      previous,
      hash,
    ];
    values.forEach((value, i) => columns[i]!.push(value));
    previous = hash;
  }
  await query(
    `INSERT INTO audit_log (id, at, actor_id, actor_email, action, incident_id, target_type, target_id, detail, ip, prev_hash, hash, keyed)
     SELECT *, true FROM unnest($1::int[], $2::text[]::timestamptz[], $3::text[]::uuid[], $4::text[], $5::text[],
                          $6::text[]::uuid[], $7::text[], $8::text[], $9::text[]::jsonb[], $10::text[], $11::text[], $12::text[])`,
    columns,
  );
  const mac = auditHeadMac(key, { lastId: id, hash: previous, keyedFrom });
  await query(`SELECT 1 AS moved FROM audit_chain_advance($1, $2)`, [id, mac]);
}

/**
 * The one way to write the audit log from Prisma code. Pass a transaction
 * client to make the entry part of the change it records; given the plain
 * client, it opens a transaction of its own.
 */
export async function recordAudit(prisma: AuditWriter, entry: AuditEntry): Promise<void> {
  const write = (client: Pick<Prisma, "$queryRawUnsafe">) =>
    appendChained((sql, params) => client.$queryRawUnsafe(sql, ...params), [entry]);
  if (prisma.$transaction) await prisma.$transaction((tx) => write(tx));
  else await write(prisma);
}

/** The bulk path (a bulk action's batch): many entries in one statement, inside the caller's transaction. */
export async function appendAuditEntries(tx: SqlQueryable, entries: readonly AuditEntry[]): Promise<void> {
  await appendChained((sql, params) => tx.query(sql, params), entries);
}
