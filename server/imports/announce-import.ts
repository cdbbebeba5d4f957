import type { SqlQueryable } from "../db/driver";
import { emitEvent } from "../events/emit-event";
import { incidentRef } from "../events/incident-ref";

/** An import's end as an outgoing event (once per import), in the transaction that recorded it. */
export async function announceImportEnd(
  tx: SqlQueryable,
  end: { importId: string; incidentId: string | null } & ({ ok: true; rows: number; imported: number } | { ok: false; error: string }),
): Promise<void> {
  if (!end.incidentId) return;
  const incident = await incidentRef(tx, end.incidentId);
  const options = { incidentId: end.incidentId, onceKey: `import:${end.importId}:end` };
  if (end.ok) await emitEvent(tx, "import.finished", { incident, importId: end.importId, rows: end.rows, imported: end.imported }, options);
  else await emitEvent(tx, "import.failed", { incident, importId: end.importId, error: end.error.slice(0, 500) }, options);
}
