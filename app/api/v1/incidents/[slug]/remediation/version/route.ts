import { NextResponse } from "next/server";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getRemediationVersion } from "@/server/remediation-stats/get-remediation-version";

type Context = { params: Promise<{ slug: string }> };

// GET /api/v1/incidents/<slug>/remediation/version: what the remediation page
// polls; when the version changes, the page re-renders its numbers and charts.
export const GET = apiHandler("incidents.read", async (_request: Request, _user, { params }: Context) => {
  const { slug } = await params;
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
  return NextResponse.json(await getRemediationVersion(db.sql, incident.id));
});
