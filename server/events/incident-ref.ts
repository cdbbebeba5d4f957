import type { EventWriter } from "./emit-event";

/** The incident as events name it: id, slug, name. */
export async function incidentRef(tx: EventWriter, incidentId: string) {
  const [row] = await tx.query<{ id: string; slug: string; name: string }>(
    `SELECT id::text, slug, title AS name FROM incidents WHERE id = $1::uuid`,
    [incidentId],
  );
  if (!row) throw new Error(`No incident ${incidentId}`);
  return row;
}

/** A staff member by name (events carry no e-mail addresses). */
export async function personRef(tx: EventWriter, staffId: string | null | undefined) {
  if (!staffId) return null;
  const [row] = await tx.query<{ id: string; name: string }>(`SELECT id::text, name FROM staff_users WHERE id = $1::uuid`, [staffId]);
  return row ?? null;
}
