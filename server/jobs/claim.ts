import type { SqlQueryable } from "../db/driver";
import type { TableName, Tables } from "../db/rows";

/**
 * What a kind of work leases, as the parts of one claim statement. The
 * statement takes the next rows nobody holds (SKIP LOCKED: any number of
 * workers claim at once without waiting for, or taking, each other's) and
 * writes the lease on them: `$1` is the worker's id, `$2` the lease in
 * seconds; further parameters are the kind's own ($3 on).
 */
export type ClaimSpec<T extends TableName> = {
  /** The leased table and its alias, e.g. `bulk_action_batches` `b`. */
  table: T;
  alias: string;
  /** The columns that name one leased row (checked against the schema's row types). */
  keys: readonly (keyof Tables[T] & string)[];
  /** Joins after the table (for the conditions), e.g. `JOIN bulk_actions a ON a.id = b.bulk_action_id`. */
  join?: string;
  /** Which rows are due: queued and ready, or leased with the lease run out (takeover). */
  due: string;
  orderBy: string;
  /** How many rows: a number, or a parameter such as `$3`. */
  limit: string | number;
  /** More to set beside the lease (a status, an attempt count). */
  set?: string;
  returning: string;
};

/** The claim statement of a ClaimSpec: one round trip, lease written, rows returned. */
export function claimSql<T extends TableName>(spec: ClaimSpec<T>): string {
  const { table, alias: t } = spec;
  const keys = spec.keys.map((k) => `${t}.${k}`).join(", ");
  const match = spec.keys.map((k) => `${t}.${k} = next.${k}`).join(" AND ");
  const set = [`lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2)`, spec.set].filter(Boolean).join(", ");
  return `WITH next AS (
         SELECT ${keys} FROM ${table} ${t} ${spec.join ?? ""}
          WHERE ${spec.due}
          ORDER BY ${spec.orderBy} LIMIT ${spec.limit} FOR UPDATE OF ${t} SKIP LOCKED
       )
       UPDATE ${table} ${t} SET ${set} FROM next WHERE ${match}
       RETURNING ${spec.returning}`;
}

/** Runs a claim statement for `workerId` with a lease of `leaseSeconds` (and the kind's own parameters). */
export function claimRows<T>(
  tx: SqlQueryable,
  statement: string,
  lease: { workerId: string; leaseSeconds: number },
  params: unknown[] = [],
): Promise<T[]> {
  return tx.query<T>(statement, [lease.workerId, lease.leaseSeconds, ...params]);
}
