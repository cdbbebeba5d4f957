import { getImportOperation } from "@/server/api/operations/imports";
import { operationRoute } from "@/server/api/operation-route";
import { getImportJobOrThrow } from "@/server/imports/get-import-job";

export const dynamic = "force-dynamic";

/** Progress and counts of one import, polled by the upload form. */
export const GET = operationRoute(getImportOperation, async ({ db, params }) => ({
  status: 200,
  body: await getImportJobOrThrow(db, params.importId),
}));
