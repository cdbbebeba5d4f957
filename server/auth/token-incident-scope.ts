import "server-only";
import type { Db } from "../db";
import { AppError } from "../errors";

const OUTSIDE = "This token is limited to another incident.";

/**
 * An incident-bound token reaches its incident's routes only: the incident a
 * request is about is read from its path (/incidents/{slug}/…, or the bulk
 * action or import it names). Routes about no incident (the incident list,
 * staff) are refused to such a token.
 */
export async function assertTokenCoversRequest(db: Db, incidentId: string | null, url: URL): Promise<void> {
  if (incidentId === null) return;
  const parts = url.pathname
    .replace(/^\/api\/v1\/?/, "")
    .split("/")
    .map(decodeURIComponent);
  let target: string | null | undefined;
  // The API's document holds no data, only its shape: every token may read it.
  if (parts[0] === "openapi.json" && parts.length === 1) return;
  if (parts[0] === "incidents" && parts[1]) {
    target = (await db.prisma.incident.findUnique({ where: { slug: parts[1] }, select: { id: true } }))?.id;
  } else if (parts[0] === "bulk-actions" && parts[1] && isUuid(parts[1])) {
    target = (await db.prisma.bulkAction.findUnique({ where: { id: parts[1] }, select: { incidentId: true } }))
      ?.incidentId;
  } else if (parts[0] === "imports" && parts[1] && isUuid(parts[1])) {
    target = (await db.prisma.importJob.findUnique({ where: { id: parts[1] }, select: { incidentId: true } }))
      ?.incidentId;
  } else {
    throw new AppError("FORBIDDEN", "This token is limited to one incident; this route is not about an incident.");
  }
  // Unknown: as if it did not exist (the handler says 404 to tokens that may see everything).
  if (target === undefined) throw new AppError("NOT_FOUND", "Not found.");
  if (target !== incidentId) throw new AppError("FORBIDDEN", OUTSIDE);
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
