import { z } from "zod";
import { ACTION_KINDS, RELEASE_CODES } from "../../lib/remediation/actions";
import { SELECTION_DIGEST_PATTERN } from "../../lib/remediation/selection-digest";
import { BulkSelection } from "../../lib/remediation/contracts";

/** The selection contract (lib/remediation/contracts.ts), one schema for the app, the REST API and the data layer. */
const BulkSelectionInput = BulkSelection;

/** A preview's digest of the accounts it covers. */
export const SelectionDigestInput = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SELECTION_DIGEST_PATTERN, "Give the preview's digest (64 hex characters): preview the selection first.");

export const BulkActionKindInput = z.enum(ACTION_KINDS);

/** Why an action is taken: kept in the audit log and on the timeline. */
export const ActionReasonInput = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(1000);

/** A hold's length in hours (up to a year); callers add `.nullish()` or `.nullable()` for "until released". */
export const HoldHoursInput = z.number().int().min(1).max(24 * 365);

/** What a bulk request says besides its selection. */
const BulkActionDetailsInput = z.object({
  kind: BulkActionKindInput,
  reason: ActionReasonInput,
  /** Holds: hours until the hold ends; null for a hold until released by hand. */
  holdHours: HoldHoursInput.nullish(),
  releaseCode: z.enum(RELEASE_CODES).optional(),
  /** Releases: the requester saw that critical rules still fire and confirms. */
  confirmCritical: z.boolean().default(false),
  /** Holds: also hold accounts released as verified with the customer (left out unless a security event followed). */
  includeVerified: z.boolean().default(false),
});

export const RequestBulkActionInput = BulkActionDetailsInput.extend({
  selection: BulkSelectionInput,
  /** The count the requester saw in the preview: a different count now is refused (the selection changed). */
  expectedCount: z.number().int().min(0).optional(),
  /** The preview's digest of the accounts (lib/remediation/selection-digest.ts): other accounts now are refused. Required from the app and the API. */
  expectedDigest: SelectionDigestInput.optional(),
  /** The requester's own key for this request: a repeat returns the first request. */
  requestKey: z.string().trim().min(8).max(200).optional(),
}).refine((v) => v.kind !== "hold_release" || v.releaseCode !== undefined, {
  message: "Choose a release reason.",
  path: ["releaseCode"],
});
export type RequestBulkActionInput = z.input<typeof RequestBulkActionInput>;
