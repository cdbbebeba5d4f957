import type { Prisma as PrismaTypes } from "../db/generated/prisma/client";
import type { Prisma } from "../db/create-prisma";
import type { SqlQueryable } from "../db/driver";
import { auditEntryMac, auditHeadMac, canonicalDetail } from "../../lib/audit/chain";
import { redactAddresses, redactAddressesIn } from "../../lib/email/redact-addresses";
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

/** An entry's detail as written: redacted (an incident's), its JSON for the column, its canonical text for the hash. */
type PreparedDetail = { value: unknown; json: string | null; canonical: string };

type RawQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** audit_log's columns besides id and the links, with their SQL types, in the order appendChained fills them. */
const CONTENT_COLUMNS = [
  ["at", "timestamptz"],
  ["actor_id", "uuid"],
  ["actor_email", "text"],
  ["action", "text"],
  ["incident_id", "uuid"],
  ["target_type", "text"],
  ["target_id", "text"],
  ["detail", "jsonb"],
  ["ip", "text"],
] as const;

/** A column's one value when every entry has the same (a batch's time, actor, incident, action, mostly its detail too). */
function sentOnce(values: unknown[]): unknown {
  return values.every((v) => v === values[0]) ? values[0] : values;
}

/**
 * The insert of a run of entries. A column whose value every entry shares is
 * sent once, not once per entry, and the ids and previous links are derived
 * from the first id, the head's hash and the entries' own hashes: on PGlite
 * handing over a parameter array costs about as much as the insert itself.
 * $1 first id, $2 the head's hash, $3 the hashes, then one parameter per
 * content column (`sent`, from sentOnce: an array when the entries differ).
 */
function insertChainedSql(sent: readonly unknown[]): string {
  const arrays: string[] = ["$3::text[]"];
  const names: string[] = ["hash"];
  const values = CONTENT_COLUMNS.map(([, type], i) => {
    const param = `$${i + 4}`;
    if (!Array.isArray(sent[i])) return `${param}::text::${type}`;
    arrays.push(`${param}::text[]`);
    names.push(`c${i}`);
    return `u.c${i}::${type}`;
  });
  return `INSERT INTO audit_log (id, prev_hash, hash, keyed, ${CONTENT_COLUMNS.map(([name]) => name).join(", ")})
     SELECT $1::int + u.n - 1, coalesce(lag(u.hash) OVER (ORDER BY u.n), $2::text), u.hash, true, ${values.join(", ")}
       FROM unnest(${arrays.join(", ")}) WITH ORDINALITY AS u(${names.join(", ")}, n)`;
}

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
  const firstId = id + 1;
  const keyedFrom = head.head_keyed_from ?? firstId;
  const columns: unknown[][] = Array.from({ length: CONTENT_COLUMNS.length }, () => []);
  const hashes: string[] = [];
  const now = new Date();
  // A bulk action's batch writes hundreds of entries that share one detail
  // object: it is redacted and serialised once per call, not once per entry.
  const details = new Map<unknown, PreparedDetail>();
  const redactedDetails = new Map<unknown, PreparedDetail>();
  for (const entry of entries) {
    id += 1;
    const raw = detailWithToken(entry);
    const memo = entry.incidentId ? redactedDetails : details;
    let detail = memo.get(raw);
    if (!detail) {
      // An incident's entries never carry an address (a customer's, typed
      // into a note, a reason or a search): the chain outlives the incident's
      // personal data, which is forgotten at the end (docs/forgetting.md).
      const value = entry.incidentId ? redactAddressesIn(raw) : raw;
      detail = { value, json: value === null ? null : JSON.stringify(value), canonical: canonicalDetail(value) };
      memo.set(raw, detail);
    }
    const content = {
      id,
      at: entry.at ?? now,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      incidentId: entry.incidentId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.incidentId && entry.targetId ? redactAddresses(entry.targetId) : (entry.targetId ?? null),
      detail: detail.value,
      ip: entry.ip ?? null,
    };
    previous = auditEntryMac(key, previous, content, detail.canonical);
    hashes.push(previous);
    const values = [
      content.at.toISOString(),
      content.actorId,
      content.actorEmail,
      content.action,
      content.incidentId,
      content.targetType,
      content.targetId,
      detail.json,
      content.ip,
    ];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const sent = columns.map(sentOnce);
  await query(insertChainedSql(sent), [firstId, head.head_hash, hashes, ...sent]);
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
