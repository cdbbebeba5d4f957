import { getBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { bulkActionAnswer } from "./bulk-action-answer";

export const dynamic = "force-dynamic";

/** A bulk action's status and counts (succeeded, skipped, failed, cancelled, remaining), for polling. */
export const GET = operationRoute(getBulkActionOperation, async ({ db, params }) => bulkActionAnswer(db, params.id));
