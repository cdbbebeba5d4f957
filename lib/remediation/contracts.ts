import { z } from "zod";
import { pollResult } from "../work/contracts";
import { ACTION_KINDS, BULK_STATUSES, PRIOR_HOLD_STATES, SKIP_REASONS } from "./actions";
import { MAX_EXPLICIT_SELECTION } from "../triage/selection";

// The wire shapes of bulk actions, shared by the server actions, the REST
// operations (server/api/operations/remediation.ts) and the components.

/** Account ids of a file (the exchange's ids): the REST API's limit. */
export const AccountIdsInput = z
  .array(z.string().trim().min(1).max(200))
  .max(1_000_000, "At most 1,000,000 account ids in one request.");

/** A file read in the browser goes through a server action's body: larger files go through the REST API. */
export const MAX_BROWSER_FILE_IDS = 20_000;

/** What a bulk action covers: every triage row matching a filter, ticked rows, or a file of account ids. */
export const BulkSelection = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("filter"), query: z.string().max(4000) }),
  z.object({
    kind: z.literal("ids"),
    ids: z.array(z.number().int().positive()).min(1, "Select at least one account.").max(MAX_EXPLICIT_SELECTION),
  }),
  z.object({ kind: z.literal("accounts"), externalIds: AccountIdsInput.min(1, "The file has no account ids.") }),
]);
export type BulkSelection = z.infer<typeof BulkSelection>;

/** BulkSelection as the app's forms send it: a file at most MAX_BROWSER_FILE_IDS ids. */
export const BrowserBulkSelection = BulkSelection.refine(
  (s) => s.kind !== "accounts" || s.externalIds.length <= MAX_BROWSER_FILE_IDS,
  { message: `At most ${MAX_BROWSER_FILE_IDS.toLocaleString("en-GB")} account ids from a file here: use the REST API for more.`, path: ["externalIds"] },
);

/** The dry run of a bulk action, as the form shows it. */
export const BulkPreviewView = z.object({
  kind: z.enum(ACTION_KINDS),
  selected: z.number(),
  eligible: z.number(),
  skipped: z.partialRecord(z.enum(SKIP_REASONS), z.number()),
  /** Holds: the accounts it touches by their earlier hold state. */
  priorHoldStates: z.partialRecord(z.enum(PRIOR_HOLD_STATES), z.number()),
  includeVerified: z.boolean(),
  criticalStillFiring: z.number(),
  needsApproval: z.boolean(),
  approvalThreshold: z.number(),
  first: z.array(z.string()),
  /** SHA-256 of the accounts it covers: the request sends it back. */
  digest: z.string(),
});
export type BulkPreviewView = z.infer<typeof BulkPreviewView>;

export const BulkPreviewResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), preview: BulkPreviewView }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type BulkPreviewResult = z.infer<typeof BulkPreviewResult>;

export const BulkRequestResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    id: z.string(),
    status: z.enum(["pending_approval", "running"]),
    total: z.number(),
    replayed: z.boolean(),
    href: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    message: z.string(),
    code: z.string().optional(),
    fieldErrors: z.record(z.string(), z.string()).optional(),
  }),
]);
export type BulkRequestResult = z.infer<typeof BulkRequestResult>;

/** What the progress bar needs of a bulk action: plain JSON. */
export const BulkLiveView = z.object({
  status: z.enum(BULK_STATUSES),
  total: z.number(),
  succeeded: z.number(),
  skipped: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why it paused by itself (the exchange's circuit breaker), if it did. */
  pauseReason: z.string().nullable().optional(),
});
export type BulkLiveView = z.infer<typeof BulkLiveView>;

export const BulkPollResult = pollResult(BulkLiveView);
export type BulkPollResult = z.infer<typeof BulkPollResult>;
