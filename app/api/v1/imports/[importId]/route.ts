import { NextResponse } from "next/server";
import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { getImportJobOrThrow } from "@/server/imports/get-import-job";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ importId: string }> };

/** Progress and counts of one import, polled by the upload form. */
export const GET = apiHandler("recipients.import", async (_request, _user, context: Context) => {
  const importId = z.uuid().parse((await context.params).importId);
  return NextResponse.json(await getImportJobOrThrow(await getDb(), importId), { headers: { "Cache-Control": "no-store" } });
});
