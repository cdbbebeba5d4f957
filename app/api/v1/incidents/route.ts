import { NextResponse } from "next/server";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { listIncidents } from "@/server/incidents/list-incidents";

export const GET = apiHandler("incidents.read", async () => {
  const incidents = await listIncidents(await getDb());
  return NextResponse.json({ incidents });
});
