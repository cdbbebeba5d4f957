import { listImportsOperation, uploadImportOperation } from "@/server/api/operations/imports";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { listImportJobs } from "@/server/imports/get-import-job";
import { importUpload } from "@/server/imports/import-upload";
import { requestBodySource } from "@/server/imports/upload-source";

export const dynamic = "force-dynamic";

/** Upload a file to import: the body is the file, the query names its kind. Answers with the import's counts. */
export const POST = operationRoute(uploadImportOperation, async ({ db, request, user, params, query }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const { source, bytesTotal } = requestBodySource(request);
  const summary = await importUpload(db, {
    kind: query.kind,
    incidentId: incident.id,
    fileName: query.fileName,
    importId: query.importId,
    addressColumn: query.column,
    bytesTotal,
    source,
    actor: { id: user.id, email: user.email },
  });
  return { status: 201, body: summary };
});

/** The incident's recent imports, as the Imports page lists them. */
export const GET = operationRoute(listImportsOperation, async ({ db, params, query }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  return { status: 200, body: { imports: await listImportJobs(db, incident.id, query.limit) } };
});
