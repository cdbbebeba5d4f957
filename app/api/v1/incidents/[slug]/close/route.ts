import { getCloseOperation } from "@/server/api/operations/closing";
import { operationRoute } from "@/server/api/operation-route";
import { getCloseState } from "@/server/closing/get-close-state";

export const dynamic = "force-dynamic";

/** The close checklist, the close requests and the retention schedule. */
export const GET = operationRoute(getCloseOperation, async ({ db, params }) => ({
  status: 200,
  body: await getCloseState(db, params.slug),
}));
