import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { getExposedAccountOrThrow } from "@/server/accounts/get-exposed-account";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import type { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

const AccountIdParam = z.coerce.number().int().positive().max(2_147_483_647);

type Incident = Awaited<ReturnType<typeof getIncidentBySlugOrThrow>>;

/** The exposed account of the URL, once per request (layout and page share it), or the 404 page. */
export const loadExposedAccountOr404 = cache(async (incident: Incident, rawId: string, unmasked: boolean) => {
  const accountId = AccountIdParam.safeParse(rawId);
  if (!accountId.success) notFound();
  try {
    return await getExposedAccountOrThrow(await getDb(), incident, accountId.data, { unmasked });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
