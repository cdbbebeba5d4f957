import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { accountIdByExternalIdOrThrow } from "@/server/accounts/account-external-id";
import { getExposedAccountOrThrow } from "@/server/accounts/get-exposed-account";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import type { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

const InternalIdParam = z.coerce.number().int().positive().max(2_147_483_647);
const ExternalIdParam = z.string().min(1).max(64);

/** Next may hand the segment over still percent-encoded; a malformed escape names no account. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

type Incident = Awaited<ReturnType<typeof getIncidentBySlugOrThrow>>;

/** The page of an account: by the exchange's account id, the id in tickets and in the API. */
function accountPath(slug: string, externalId: string): string {
  return `/incidents/${encodeURIComponent(slug)}/accounts/${encodeURIComponent(externalId)}`;
}

/**
 * The exposed account of the URL, once per request (layout and page share
 * it), or the 404 page. The URL names the account by the exchange's id; an
 * older link by our internal row id is sent on to that URL, but only once the
 * account is known to be exposed in this incident, so the redirect cannot
 * reveal the id of a customer outside it.
 */
export const loadExposedAccountOr404 = cache(async (incident: Incident, rawId: string, unmasked: boolean) => {
  const db = await getDb();
  const externalId = ExternalIdParam.safeParse(safeDecode(rawId));
  if (!externalId.success) notFound();
  let internalId: number | null = null;
  try {
    internalId = await accountIdByExternalIdOrThrow(db, externalId.data);
  } catch (error) {
    if (!isAppError(error) || error.code !== "NOT_FOUND") throw error;
  }
  const legacy = internalId === null ? InternalIdParam.safeParse(externalId.data) : null;
  if (internalId === null && !legacy?.success) notFound();
  let account;
  try {
    account = await getExposedAccountOrThrow(db, incident, internalId ?? legacy!.data!, { unmasked });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  if (internalId === null) redirect(accountPath(incident.slug, account.externalId));
  return account;
});
