import type { SqlQueryable } from "../../db/driver";

/** Renews this forwarder's lease on a destination while a send runs; false when it was lost. */
export async function extendDestinationLease(
  sql: SqlQueryable,
  destinationId: string,
  workerId: string,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE audit_forward_destinations SET lease_expires_at = now() + make_interval(secs => $3)
      WHERE id = $1::uuid AND lease_owner = $2 RETURNING id::text`,
    [destinationId, workerId, leaseSeconds],
  );
  return rows.length === 1;
}
