"use server";

import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { BrowserBulkSelection, type BulkPreviewResult, type BulkRequestResult } from "@/lib/remediation/contracts";
import type { SelectionPreviewResult } from "@/lib/triage/contracts";
import { parseTriageQuery } from "@/lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "@/lib/triage/query-errors";
import { searchParamsRecord } from "@/lib/triage/search-params";
import { TriageSelectionInput } from "@/lib/triage/selection";
import { previewTriageSelection, type ResolvedSelection } from "@/server/accounts/preview-triage-selection";
import { defineAction } from "@/server/action";
import { AppError } from "@/server/errors";
import { BulkActionKindInput, RequestBulkActionInput, SelectionDigestInput } from "@/server/remediation/bulk-action-input";
import { previewBulkAction } from "@/server/remediation/preview-bulk-action";
import { requestBulkAction } from "@/server/remediation/request-bulk-action";

const IncidentScope = z.object({ slug: z.string().min(1).max(64) });

/**
 * Resolves a triage selection on the server: the exact number of accounts
 * and the first few, for a ticked set or for "all that match this filter".
 */
export const previewBulkSelectionAction = defineAction({
  closedIncident: "allowed",
  permission: "bulk.request",
  args: (slug: unknown, selection: unknown) => ({ scope: { slug }, input: selection }),
  scope: z.object({ slug: z.string().max(64) }),
  input: TriageSelectionInput,
  run: async ({ db, incident, input, user }): Promise<SelectionPreviewResult> => {
    const viewer = { unmasked: can(user.role, "accounts.read_unmasked") };
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
  },
  failure: "message",
});

/** The dry run of a bulk action over a triage selection: nothing is written. */
export const previewBulkActionAction = defineAction({
  closedIncident: "allowed",
  permission: "bulk.request",
  args: (slug: unknown, input: unknown) => ({ scope: { slug }, input }),
  scope: IncidentScope,
  input: z.object({ kind: BulkActionKindInput, selection: BrowserBulkSelection, includeVerified: z.boolean().default(false) }),
  run: async ({ db, incident, input, actor }): Promise<BulkPreviewResult> => ({
    ok: true,
    preview: await previewBulkAction(db, incident.id, input, new Date(), { id: actor.id }),
  }),
  failure: "message",
});

/**
 * Requests the bulk action that was previewed: the request carries the count
 * the analyst saw (a changed selection is refused) and the key made when the
 * form opened (a repeat returns the first request).
 */
export const requestBulkActionAction = defineAction({
  permission: "bulk.request",
  args: (slug: unknown, input: unknown) => ({ scope: { slug }, input }),
  scope: IncidentScope,
  input: z
    .object({
      origin: z.enum(["bulk", "recommendation"]).default("bulk"),
      selection: BrowserBulkSelection,
      // The form always sends the preview's digest: the accounts requested are the ones shown.
      expectedDigest: SelectionDigestInput,
    })
    .passthrough()
    .transform(({ origin, ...rest }) => ({ origin, request: RequestBulkActionInput.parse(rest) })),
  run: async ({ db, incident, input, actor }): Promise<BulkRequestResult> => {
    const result = await requestBulkAction(db, incident, input.request, actor, { origin: input.origin });
    return {
      ok: true,
      id: result.id,
      status: result.status,
      total: result.total,
      replayed: result.replayed,
      href: `/incidents/${encodeURIComponent(incident.slug)}/bulk-actions/${result.id}`,
    };
  },
  revalidate: ({ incident }) => {
    const base = `/incidents/${encodeURIComponent(incident.slug)}`;
    return [`${base}/bulk-actions`, base];
  },
});
