"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type {
  BulkPreviewResult,
  BulkRequestResult,
} from "@/components/remediation/bulk-request-form";
import { can } from "@/lib/auth/permissions";
import { parseTriageQuery } from "@/lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "@/lib/triage/query-errors";
import { searchParamsRecord } from "@/lib/triage/search-params";
import { MAX_EXPLICIT_SELECTION, TriageSelectionInput } from "@/lib/triage/selection";
import type { SelectionPreviewResult } from "@/components/triage/selection-bar";
import { previewTriageSelection, type ResolvedSelection } from "@/server/accounts/preview-triage-selection";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError, isAppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { BulkActionKindInput, RequestBulkActionInput, SelectionDigestInput } from "@/server/remediation/bulk-action-input";
import { previewBulkAction } from "@/server/remediation/preview-bulk-action";
import { requestBulkAction } from "@/server/remediation/request-bulk-action";

/**
 * Resolves a triage selection on the server: the exact number of accounts
 * and the first few, for a ticked set or for "all that match this filter".
 * The bulk actions of the remediation issue will take the same selection.
 */
export async function previewBulkSelectionAction(slug: unknown, selection: unknown): Promise<SelectionPreviewResult> {
  try {
    const user = await authorize("bulk.request");
    const viewer = { unmasked: can(user.role, "accounts.read_unmasked") };
    const input = TriageSelectionInput.parse(selection);
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, z.string().max(64).parse(slug));
    let resolved: ResolvedSelection;
    if (input.allMatching) {
      const { filter, page } = parseTriageQuery(searchParamsRecord(new URLSearchParams(input.query)), viewer);
      if (!filter.success)
        throw new AppError("VALIDATION", `Invalid filter: ${describeQueryErrors(triageQueryErrors(filter, page))}`);
      resolved = { kind: "filter", filter: filter.data };
    } else {
      resolved = { kind: "ids", ids: input.ids };
    }
    return { ok: true, ...(await previewTriageSelection(db, incident.id, resolved, viewer)) };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}

const SlugInput = z.string().min(1).max(64);

// The browser selects from the triage table: a filter (all that match) or ticked rows.
const MAX_FILE_IDS = 20_000;

const TableSelectionInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("filter"), query: z.string().max(4000) }),
  z.object({
    kind: z.literal("ids"),
    ids: z.array(z.number().int().positive()).min(1, "Select at least one account.").max(MAX_EXPLICIT_SELECTION),
  }),
  // A file of the exchange's account ids, read in the browser (larger files: the REST API).
  z.object({
    kind: z.literal("accounts"),
    externalIds: z.array(z.string().trim().min(1).max(200)).min(1, "The file has no account ids.").max(MAX_FILE_IDS),
  }),
]);

const BulkPreviewRequestInput = z.object({ kind: BulkActionKindInput, selection: TableSelectionInput });

const RequestDigestInput = z.object({ expectedDigest: SelectionDigestInput });

const RequestOriginInput = z.object({
  origin: z.enum(["bulk", "recommendation"]).default("bulk"),
  selection: TableSelectionInput,
});

/** The dry run of a bulk action over a triage selection: nothing is written. */
export async function previewBulkActionAction(slug: unknown, input: unknown): Promise<BulkPreviewResult> {
  try {
    const user = await authorize("bulk.request");
    const { kind, selection } = BulkPreviewRequestInput.parse(input);
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, SlugInput.parse(slug));
    return { ok: true, preview: await previewBulkAction(db, incident.id, { kind, selection }, new Date(), { id: user.id }) };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}

/**
 * Requests the bulk action that was previewed: the request carries the count
 * the analyst saw (a changed selection is refused) and the key made when the
 * form opened (a repeat returns the first request).
 */
export async function requestBulkActionAction(slug: unknown, input: unknown): Promise<BulkRequestResult> {
  try {
    const user = await authorize("bulk.request");
    const { origin } = RequestOriginInput.parse(input);
    // The form always sends the preview's digest: the accounts requested are the ones shown.
    RequestDigestInput.parse(input);
    const parsed = RequestBulkActionInput.parse(input);
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, SlugInput.parse(slug));
    const result = await requestBulkAction(db, incident, parsed, { id: user.id, email: user.email }, { origin });
    const base = `/incidents/${encodeURIComponent(incident.slug)}`;
    revalidatePath(`${base}/bulk-actions`);
    revalidatePath(base);
    return {
      ok: true,
      id: result.id,
      status: result.status,
      total: result.total,
      replayed: result.replayed,
      href: `${base}/bulk-actions/${result.id}`,
    };
  } catch (error) {
    const failed = actionError(error);
    if (failed.ok) return { ok: false, message: failed.message };
    return { ...failed, code: isAppError(error) ? error.code : undefined };
  }
}
