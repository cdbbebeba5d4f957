"use server";

import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { parseTriageQuery } from "@/lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "@/lib/triage/query-errors";
import { searchParamsRecord } from "@/lib/triage/search-params";
import { TriageSelectionInput } from "@/lib/triage/selection";
import type { SelectionPreviewResult } from "@/components/triage/selection-bar";
import { previewTriageSelection, type ResolvedSelection } from "@/server/accounts/preview-triage-selection";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

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
