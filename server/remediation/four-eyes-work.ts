import type { ActionKind } from "../../lib/remediation/actions";
import type { FourEyesWork } from "../jobs/four-eyes";

/** A bulk action's four-eyes window: its incident's bulk actions of the same kind. */
export function bulkActionFourEyesWork(incidentId: string, kind: ActionKind): FourEyesWork {
  return { table: "bulk_actions", incidentId, scope: { column: "kind", value: kind, cast: "ActionKind" } };
}
