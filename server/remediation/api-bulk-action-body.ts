import { z } from "zod";
import { API_ACTION_KINDS, RELEASE_CODES, type ApiActionKind } from "../../lib/remediation/actions";
import { ActionReasonInput, HoldHoursInput, SelectionDigestInput, type RequestBulkActionInput } from "./bulk-action-input";
import { AccountIdsInput, type BulkSelection } from "../../lib/remediation/contracts";

// The bodies of POST .../bulk-actions/preview and POST .../bulk-actions (the
// same body works for both). The accounts are either the triage table's
// filter (its URL query string) or the exchange's account ids, never both,
// so nobody acts on a set they did not mean.

const ApiKind = z.enum(Object.keys(API_ACTION_KINDS) as [ApiActionKind, ...ApiActionKind[]]);

const SelectionFields = {
  kind: ApiKind,
  filter: z.string().max(4000).optional(),
  accountIds: AccountIdsInput.min(1, "Give at least one account id.").optional(),
  /** Holds: also hold accounts released as verified with the customer with no security event since. */
  includeVerified: z.boolean().default(false),
};

function checkSelection(body: { filter?: string; accountIds?: string[] }, ctx: z.RefinementCtx) {
  if (body.accountIds !== undefined && body.filter !== undefined && body.filter.replace(/^\?/, "") !== "") {
    ctx.addIssue({ code: "custom", path: ["filter"], message: "Give either a filter or accountIds, not both." });
  }
  if (body.accountIds === undefined && body.filter === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["filter"],
      message: 'Give the triage filter (its URL query; "" for every exposed account) or accountIds.',
    });
  }
}

export const ApiBulkPreviewBody = z.object(SelectionFields).superRefine(checkSelection);

export const ApiBulkActionBody = z
  .object({
    ...SelectionFields,
    reason: ActionReasonInput,
    /** Holds: hours until they end (default: the configured hold time); null holds until released by hand. */
    holdHours: HoldHoursInput.nullish(),
    releaseCode: z.enum(RELEASE_CODES).optional(),
    confirmCritical: z.boolean().default(false),
    /** The eligible count the preview showed: a different count now is refused (409). */
    expectedCount: z.number().int().min(0).optional(),
    /** The preview's `digest` of the accounts: other accounts now are refused (409). */
    expectedDigest: SelectionDigestInput,
  })
  .superRefine((body, ctx) => {
    checkSelection(body, ctx);
    if (body.kind === "release" && body.releaseCode === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["releaseCode"],
        message: `Choose a release reason: ${RELEASE_CODES.join(", ")}.`,
      });
    }
  });
export type ApiBulkActionBody = z.output<typeof ApiBulkActionBody>;

export function selectionOf(body: { filter?: string; accountIds?: string[] }): BulkSelection {
  return body.accountIds !== undefined
    ? { kind: "accounts", externalIds: body.accountIds }
    : { kind: "filter", query: body.filter ?? "" };
}

/** The data layer's input for a request made through the API. */
export function requestInputOf(body: ApiBulkActionBody, requestKey: string | undefined): RequestBulkActionInput {
  const kind = API_ACTION_KINDS[body.kind];
  return {
    kind,
    selection: selectionOf(body),
    reason: body.reason,
    ...(kind === "withdrawal_hold" && body.holdHours !== undefined ? { holdHours: body.holdHours } : {}),
    ...(kind === "withdrawal_hold" ? { includeVerified: body.includeVerified } : {}),
    ...(kind === "hold_release" ? { releaseCode: body.releaseCode, confirmCritical: body.confirmCritical } : {}),
    ...(body.expectedCount !== undefined ? { expectedCount: body.expectedCount } : {}),
    expectedDigest: body.expectedDigest,
    ...(requestKey ? { requestKey } : {}),
  };
}
