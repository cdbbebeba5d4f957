import type { StaffActor } from "../audit/record-audit";
import type { StepUpCheck } from "../auth/step-up";
import type { Db } from "../db";
import { approveRequest, rejectRequest } from "../jobs/four-eyes-flow";
import { closeRequests } from "./close-requests";

type Options = { at?: Date; incidentId?: string };

/** The request's own step-up: its session's second factor must be recent; an API token is refused (403). */
const requestStepUp: StepUpCheck = async () => {
  // Loaded when used: it reads the request (next/headers), which the CLI and tests have none of.
  const { requireRecentSecondFactor } = await import("../auth/step-up");
  await requireRecentSecondFactor();
};

/**
 * A different person with incidents.close approves, with a fresh second
 * factor: the incident closes in the same transaction (closeRequests'
 * closeOnApproval), with the "Closed" milestone and the audit entries.
 */
export async function approveIncidentClose(
  db: Db,
  id: string,
  actor: StaffActor,
  options: Options & { note?: string; stepUp?: StepUpCheck } = {},
) {
  await approveRequest(db, closeRequests, id, actor, { ...options, stepUp: options.stepUp ?? requestStepUp });
  return { id, status: "completed" as const };
}

/** Says no, with a reason: the incident stays open. */
export function rejectIncidentClose(db: Db, id: string, actor: StaffActor, reason: string, options: Options = {}) {
  return rejectRequest(db, closeRequests, id, actor, reason, options);
}
