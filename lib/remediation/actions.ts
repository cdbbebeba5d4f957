import { RISK_RULES } from "../risk/rules";

// The remediation vocabulary, shared by the server and the browser.

export const ACTION_KINDS = ["password_reset", "withdrawal_hold", "hold_release"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The names the API and URLs use for the kinds. */
export const API_ACTION_KINDS = { reset: "password_reset", hold: "withdrawal_hold", release: "hold_release" } as const;
export type ApiActionKind = keyof typeof API_ACTION_KINDS;

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  password_reset: "Forced password reset",
  withdrawal_hold: "Withdrawal hold",
  hold_release: "Hold release",
};

export const RELEASE_CODES = ["verified_with_customer", "false_positive", "expired", "other"] as const;
export type ReleaseCode = (typeof RELEASE_CODES)[number];

export const RELEASE_CODE_LABELS: Record<ReleaseCode, string> = {
  verified_with_customer: "Verified with the customer",
  false_positive: "False positive",
  expired: "Expired",
  other: "Other",
};

/** Why an account in a selection is left out of an action. */
export const SKIP_REASONS = [
  "no_account",
  "not_in_incident",
  "reset_already_done",
  "hold_already_active",
  "held_in_another_incident",
  "recently_released",
  "verified_release",
  "no_active_hold",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  no_account: "no matching customer account",
  not_in_incident: "account id unknown or not exposed in this incident",
  reset_already_done: "password reset already forced",
  hold_already_active: "withdrawal hold already active",
  held_in_another_incident: "withdrawals already held by another incident's hold",
  recently_released: "hold released recently",
  verified_release: "hold released after verification with the customer, no security event since",
  no_active_hold: "no active hold to release",
};

/** An item's last error in words: a skip reason's label, or the error as it was recorded. */
export function itemErrorText(error: string | null): string | null {
  return error !== null && (SKIP_REASONS as readonly string[]).includes(error) ? SKIP_REASON_LABELS[error as SkipReason] : error;
}

/**
 * A hold's eligible accounts by their earlier hold state, so that the person
 * requesting it sees whom it holds again. Accounts released as verified with
 * the customer are left out of bulk holds unless a security event happened
 * after the release ("verified_new_event") or the requester includes them on
 * purpose ("verified_included").
 */
export const PRIOR_HOLD_STATES = ["never_held", "hold_expired", "released", "verified_new_event", "verified_included"] as const;
export type PriorHoldState = (typeof PRIOR_HOLD_STATES)[number];

export const PRIOR_HOLD_STATE_LABELS: Record<PriorHoldState, string> = {
  never_held: "never held",
  hold_expired: "earlier hold expired",
  released: "hold released (not verified with the customer)",
  verified_new_event: "released as verified, new security event since",
  verified_included: "released as verified, included on purpose",
};

/** The rules whose firing makes releasing a hold need an explicit confirmation. */
export const CRITICAL_RULE_IDS: readonly string[] = RISK_RULES.filter((r) => r.tier === "critical").map((r) => r.id);

export const BULK_STATUSES = [
  "pending_approval",
  "rejected",
  "expired",
  "running",
  "paused",
  "cancelled",
  "completed",
] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

export const BULK_STATUS_LABELS: Record<BulkStatus, string> = {
  pending_approval: "Awaiting approval",
  rejected: "Rejected",
  expired: "Expired unapproved",
  running: "Running",
  paused: "Paused",
  cancelled: "Cancelled",
  completed: "Completed",
};

export const ITEM_STATUSES = ["queued", "in_progress", "succeeded", "skipped", "failed", "cancelled"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const RESET_STATES = ["none", "requested", "sent", "completed"] as const;
export type ResetState = (typeof RESET_STATES)[number];
export const HOLD_STATES = ["none", "active", "released", "expired"] as const;
export type HoldState = (typeof HOLD_STATES)[number];

export const RESET_STATE_LABELS: Record<ResetState, string> = {
  none: "No reset",
  requested: "Reset requested",
  sent: "Reset forced",
  completed: "Reset completed by customer",
};

export const HOLD_STATE_LABELS: Record<HoldState, string> = {
  none: "No hold",
  active: "Withdrawals held",
  released: "Hold released",
  expired: "Hold expired",
};

/** The deterministic key of one side effect: the same (action, account, kind) always sends the same key. */
export function effectKey(bulkActionId: string, accountId: number, kind: ActionKind): string {
  return `bd:${bulkActionId}:${accountId}:${kind}`;
}
