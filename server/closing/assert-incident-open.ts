import { formatUtc } from "../../lib/format/dates";
import { AppError } from "../errors";

/**
 * A closed incident is read-only: every change to it is refused with
 * INCIDENT_CLOSED (HTTP 409) until it is reopened. Reads, the report and the
 * audit log stay available.
 */
export function assertIncidentOpen(incident: { status: string; closedAt?: Date | string | null }): void {
  if (incident.status !== "closed") return;
  const when = incident.closedAt ? ` on ${formatUtc(new Date(incident.closedAt))}` : "";
  throw new AppError(
    "INCIDENT_CLOSED",
    `This incident was closed${when} and is read-only. Reopen it (with a reason) to change anything.`,
  );
}
