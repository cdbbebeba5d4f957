import { z } from "zod";
import {
  API_ACTION_KINDS,
  BULK_STATUSES,
  RELEASE_CODES,
  PRIOR_HOLD_STATES,
  SKIP_REASONS,
  type ApiActionKind,
} from "../../../lib/remediation/actions";
import { ApiBulkActionBody, ApiBulkPreviewBody } from "../../remediation/api-bulk-action-body";
import { ActionReasonInput, HoldHoursInput } from "../../remediation/bulk-action-input";
import { RejectionReasonInput } from "../../jobs/four-eyes-flow";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, Slug, SlugParams, StaffRef, Time, uuidParam } from "../schemas/common";
import { AccountParams } from "./accounts";

const ApiKind = z.enum(Object.keys(API_ACTION_KINDS) as [ApiActionKind, ...ApiActionKind[]]);
const SkipCounts = z.partialRecord(z.enum(SKIP_REASONS), z.number().int());

const BulkAction = named(
  "BulkAction",
  z.object({
    id: z.string(),
    incidentId: z.string(),
    incidentSlug: z.string(),
    kind: ApiKind,
    origin: z.enum(["bulk", "single", "recommendation"]),
    status: z.enum(BULK_STATUSES),
    reason: z.string(),
    holdHours: z.number().int().nullable(),
    releaseCode: z.enum(RELEASE_CODES).nullable(),
    total: z.number().int(),
    succeeded: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    remaining: z.number().int(),
    skippedAtRequest: SkipCounts.meta({
      description: "Accounts of the selection left out when it was requested, by reason.",
    }),
    needsApproval: z.boolean(),
    requestedBy: StaffRef.nullable(),
    requestedViaToken: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .meta({ description: "The API token it was requested with (requestedBy is its creator, who may not approve it)." }),
    decidedBy: StaffRef.nullable(),
    decisionNote: z.string().nullable(),
    createdAt: Time,
    expiresAt: NullableTime,
    decidedAt: NullableTime,
    startedAt: NullableTime,
    finishedAt: NullableTime,
    pauseReason: z
      .string()
      .nullable()
      .meta({ description: "Why it paused by itself (the exchange's circuit breaker opened)." }),
    autoResumeAt: NullableTime,
  }),
);

const BulkActionAnswer = z.object({ bulkAction: BulkAction });

const SingleAction = z.object({
  bulkActionId: z
    .string()
    .meta({ description: "A single action is a bulk action of one: poll getBulkAction for its progress." }),
  kind: ApiKind,
  accountId: z.string(),
  holdId: z.string().optional(),
  status: z.enum(["succeeded", "skipped", "failed", "queued", "in_progress", "cancelled"]),
  message: z.string(),
});
const SingleActionAnswer = z.object({ action: SingleAction });
const singleResponses = {
  201: { description: "Done, or queued for a worker (status says which).", schema: SingleActionAnswer },
  200: { description: "Nothing to do (status skipped; the message says why).", schema: SingleActionAnswer },
};
const singleErrors = {
  502: "The exchange refused or failed the action: the body holds the error and the action.",
  409: "An Idempotency-Key still in use by its first request, or the account's state forbids it.",
};

export const resetAccountOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/accounts/{accountId}/reset",
  operationId: "resetAccountPassword",
  tag: "Single actions",
  summary: "Forces a password reset on one account (the exchange's account id).",
  auth: { kind: "staff", permission: "accounts.reset" },
  params: AccountParams,
  body: z.object({ reason: ActionReasonInput }),
  retry: "idempotency-key",
  responses: singleResponses,
  errors: singleErrors,
});

export const placeHoldOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/accounts/{accountId}/holds",
  operationId: "placeWithdrawalHold",
  tag: "Single actions",
  summary: "Places a withdrawal hold on one account. The answer names the hold, to release it later.",
  auth: { kind: "staff", permission: "holds.place" },
  params: AccountParams,
  body: z.object({
    reason: ActionReasonInput,
    holdHours: HoldHoursInput.nullish().meta({
      description: "Hours until the hold ends (default: the configured hold time); null holds until released by hand.",
    }),
  }),
  retry: "idempotency-key",
  responses: {
    201: {
      description: "Placed, or queued for a worker.",
      schema: z.object({
        action: SingleAction,
        hold: z.object({ id: z.string(), expiresAt: NullableTime }).optional(),
      }),
    },
    200: {
      description: "Nothing to do (status skipped).",
      schema: z.object({
        action: SingleAction,
        hold: z.object({ id: z.string(), expiresAt: NullableTime }).optional(),
      }),
    },
  },
  errors: singleErrors,
});

export const releaseHoldOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/holds/{holdId}/release",
  operationId: "releaseWithdrawalHold",
  tag: "Single actions",
  summary: "Releases an active withdrawal hold.",
  description:
    "An account whose critical risk rule still fires is released only with `confirmCritical: true` (409 otherwise).",
  auth: { kind: "staff", permission: "holds.release" },
  params: z.object({ slug: Slug, holdId: uuidParam("No such hold in this incident.") }),
  body: z.object({
    releaseCode: z.enum(RELEASE_CODES, `Choose a release reason: ${RELEASE_CODES.join(", ")}.`),
    note: z.string().trim().min(3, "Give a note (at least 3 characters).").max(1000),
    confirmCritical: z.boolean().default(false).meta({
      description: "The account still fires a critical risk rule, and the caller releases it anyway.",
    }),
  }),
  retry: "idempotency-key",
  responses: singleResponses,
  errors: singleErrors,
});

const BulkPreview = named(
  "BulkPreview",
  z.object({
    kind: ApiKind,
    selected: z.number().int().meta({ description: "Triage rows (exposed addresses) the selection covers." }),
    eligible: z.number().int().meta({ description: "Accounts the action would touch." }),
    skipped: SkipCounts,
    priorHoldStates: z.partialRecord(z.enum(PRIOR_HOLD_STATES), z.number().int()).meta({
      description:
        "Holds: the accounts it would touch by their earlier hold state. Accounts whose hold was released as verified " +
        "with the customer are left out (skipped as `verified_release`) unless a security event happened after the " +
        "release (`verified_new_event`) or `includeVerified` is true (`verified_included`).",
    }),
    includeVerified: z.boolean().meta({ description: "Holds: accounts released as verified are held again on purpose." }),
    criticalStillFiring: z.number().int(),
    needsApproval: z.boolean(),
    approvalThreshold: z.number().int(),
    first: z
      .array(z.string())
      .meta({ description: "The first accounts it would touch, in risk order (the exchange's ids)." }),
    digest: z.string().meta({
      description:
        "SHA-256 (hex) of the exchange's ids of the accounts it would touch, sorted by their UTF-8 bytes and joined by " +
        "\"\\n\": send it as `expectedDigest` when requesting.",
    }),
  }),
);

const ACCOUNT_IDS_UPLOAD = {
  field: "accountIds",
  maxBytes: 16 * 1024 * 1024,
  description: "The exchange's account ids, one a line (a first line `account_id` is a header and left out).",
};
// A JSON list of ids is parsed whole: it stays small; a long list is uploaded as a file.
const MAX_JSON_SELECTION_BYTES = 1024 * 1024;

export const previewBulkActionOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/bulk-actions/preview",
  operationId: "previewBulkAction",
  tag: "Bulk actions",
  summary: "The dry run of a bulk action: how many accounts it would touch, how many it leaves out and why.",
  description:
    "Writes nothing (a POST only because the body can hold a million account ids). The accounts are either the " +
    "triage table's filter (its URL query; \"\" for every exposed account) or the exchange's account ids, never both. " +
    "A JSON body holds at most 1 MiB; more account ids (up to 16 MiB) are uploaded as a file: multipart/form-data " +
    "with the other fields as JSON in the part `request` and the ids, one a line, in the file part `accountIds`.",
  auth: { kind: "staff", permission: "bulk.request" },
  params: SlugParams,
  body: ApiBulkPreviewBody,
  maxBodyBytes: MAX_JSON_SELECTION_BYTES,
  listUpload: ACCOUNT_IDS_UPLOAD,
  retry: "no-side-effect",
  responses: { 200: { description: "The preview.", schema: z.object({ preview: BulkPreview }) } },
});

export const requestBulkActionOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/bulk-actions",
  operationId: "requestBulkAction",
  tag: "Bulk actions",
  summary: "Requests a bulk action; the accounts are frozen now.",
  description:
    '"running" at once while what the requester (and the token) started without approval of this kind in the incident ' +
    'over the last 24 hours, this request included, stays at or below the four-eyes threshold, else "pending_approval" ' +
    "until a different person approves it. `expectedDigest` (the preview's `digest`) is required: a request whose " +
    "accounts are no longer the previewed ones is refused (409); so is one whose eligible count differs from `expectedCount`. " +
    "Account ids past what a 1 MiB JSON body holds: upload them as a file, as for the preview (multipart/form-data).",
  auth: { kind: "staff", permission: "bulk.request" },
  params: SlugParams,
  body: ApiBulkActionBody,
  maxBodyBytes: MAX_JSON_SELECTION_BYTES,
  listUpload: ACCOUNT_IDS_UPLOAD,
  retry: "idempotency-key",
  responses: { 201: { description: "Requested.", schema: BulkActionAnswer } },
  errors: {
    409: "The accounts differ from the preview's (expectedDigest) or its count (expectedCount), or the Idempotency-Key is still in use.",
  },
});

const StaffName = z.object({ id: z.string(), name: z.string() });
const BulkActionListRow = named(
  "BulkActionListRow",
  BulkAction.pick({
    id: true,
    origin: true,
    status: true,
    reason: true,
    holdHours: true,
    releaseCode: true,
    total: true,
    succeeded: true,
    skipped: true,
    failed: true,
    cancelled: true,
    needsApproval: true,
    createdAt: true,
    expiresAt: true,
    decidedAt: true,
  }).extend({ kind: ApiKind, requestedBy: StaffName.nullable(), decidedBy: StaffName.nullable() }),
);

export const listBulkActionsOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/bulk-actions",
  operationId: "listBulkActions",
  tag: "Bulk actions",
  summary:
    "The incident's bulk actions as the Bulk actions page lists them: those awaiting approval, then the latest others.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  query: z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(100)
      .meta({ description: "How many of the others (newest first)." }),
  }),
  responses: {
    200: {
      description: "Awaiting approval (the next to expire first), then the others, newest first.",
      schema: z.object({ pending: z.array(BulkActionListRow), others: z.array(BulkActionListRow) }),
    },
  },
});

const BulkParams = z.object({ id: uuidParam("No such bulk action.") });

export const getBulkActionOperation = defineOperation({
  method: "GET",
  path: "/bulk-actions/{id}",
  operationId: "getBulkAction",
  tag: "Bulk actions",
  summary: "A bulk action's status and counts (succeeded, skipped, failed, cancelled, remaining), for polling.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: BulkParams,
  responses: { 200: { description: "The bulk action as it is now.", schema: BulkActionAnswer } },
});

export const approveBulkActionOperation = defineOperation({
  method: "POST",
  path: "/bulk-actions/{id}/approve",
  operationId: "approveBulkAction",
  tag: "Bulk actions",
  summary: "Approves a bulk action awaiting approval (four eyes: never the requester's own).",
  description:
    "Step-up: the signed-in person's second factor must be recent (403 STEP_UP_REQUIRED otherwise: confirm in the app, then call again). " +
    "**An API token can never approve (403)**: approval is a person's decision, made with their second factor in the dashboard or a browser session.",
  auth: { kind: "staff", permission: "bulk.approve" },
  params: BulkParams,
  body: z.object({ note: z.string().trim().max(1000).optional() }),
  retry: "idempotency-key",
  responses: { 200: { description: "Approved: running.", schema: BulkActionAnswer } },
  errors: { 409: "Not awaiting approval, or expired." },
});

export const rejectBulkActionOperation = defineOperation({
  method: "POST",
  path: "/bulk-actions/{id}/reject",
  operationId: "rejectBulkAction",
  tag: "Bulk actions",
  summary: "Rejects a bulk action awaiting approval. Nothing is done.",
  auth: { kind: "staff", permission: "bulk.approve" },
  params: BulkParams,
  body: z.object({ reason: RejectionReasonInput }),
  retry: "idempotency-key",
  responses: { 200: { description: "Rejected.", schema: BulkActionAnswer } },
  errors: { 409: "Not awaiting approval." },
});

function bulkVerb(verb: string, operationId: string, summary: string, extra: z.ZodRawShape = {}) {
  return defineOperation({
    method: "POST",
    path: `/bulk-actions/{id}/${verb}`,
    operationId,
    tag: "Bulk actions",
    summary,
    auth: { kind: "staff", permission: "bulk.request" },
    params: BulkParams,
    body: z.object({}).strict().meta({ description: "No body, or an empty object." }),
    retry: "idempotency-key",
    responses: { 200: { description: "The bulk action as it is now.", schema: BulkActionAnswer.extend(extra) } },
    errors: { 409: "Not in a state that allows it." },
  });
}

export const pauseBulkActionOperation = bulkVerb(
  "pause",
  "pauseBulkAction",
  "Pauses a running bulk action: workers stop claiming its batches; a batch in hand finishes.",
);
export const resumeBulkActionOperation = bulkVerb("resume", "resumeBulkAction", "Resumes a paused bulk action.");
export const cancelBulkActionOperation = bulkVerb(
  "cancel",
  "cancelBulkAction",
  "Cancels the items of a bulk action that have not started (nothing is left half-done).",
  { cancelledItems: z.number().int() },
);
export const retryFailedOperation = bulkVerb(
  "retry-failed",
  "retryFailedBulkItems",
  "Puts the failed items of a bulk action back in the queue.",
  { requeued: z.number().int() },
);
