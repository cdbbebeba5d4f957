"use client";

import { useState } from "react";
import type { ActionKind } from "@/lib/remediation/actions";
import { secondaryButton } from "../timeline/form-field";
import { BulkRequestForm, type BulkRequestActions } from "./bulk-request-form";

/**
 * For those who may request actions but not act on an account directly (the
 * security analyst): a request for this one account, through the same
 * request path as a bulk action (dry run, reason, four eyes where the rules
 * say), opened from the account page where the analyst triages.
 */
export function AccountRequestPanel({
  externalId,
  holdActive,
  actions,
  defaultHoldHours,
}: {
  externalId: string;
  holdActive: boolean;
  actions: BulkRequestActions;
  defaultHoldHours: number;
}) {
  const [open, setOpen] = useState(false);
  const [round, setRound] = useState(0);
  const kinds: ActionKind[] = holdActive ? ["password_reset", "hold_release"] : ["password_reset", "withdrawal_hold"];
  if (!open) {
    return (
      <button
        type="button"
        className={secondaryButton}
        onClick={() => {
          setRound((n) => n + 1);
          setOpen(true);
        }}
        data-testid="account-request-open"
      >
        Request a reset or hold for this account…
      </button>
    );
  }
  return (
    <BulkRequestForm
      key={round}
      title={`Request an action on ${externalId}`}
      selection={{ kind: "accounts", externalIds: [externalId] }}
      selectionDescription="This account only. It runs at once unless your requests of this kind in the last 24 hours pass the four-eyes threshold; then a second person approves it."
      actions={actions}
      defaultHoldHours={defaultHoldHours}
      kinds={kinds}
      onClose={() => setOpen(false)}
    />
  );
}
