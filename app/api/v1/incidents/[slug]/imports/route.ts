import { NextResponse } from "next/server";
import { UploadQuery } from "@/lib/imports/upload-query";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { importUpload } from "@/server/imports/import-upload";
import { requestBodySource } from "@/server/imports/upload-source";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

/** Upload a file to import: the body is the file, the query names its kind. Answers with the import's counts. */
export const POST = apiHandler("recipients.import", async (request, user, context: Context) => {
  const { slug } = await context.params;
  const query = UploadQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
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
  return NextResponse.json(summary, { status: 201 });
});
