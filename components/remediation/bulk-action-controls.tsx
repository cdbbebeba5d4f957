"use client";

import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import type { ActionKind, BulkStatus } from "@/lib/remediation/actions";
import { FourEyesControls, type ImmediateControl } from "../work/four-eyes-controls";
import { bulkActionPhrase } from "./bulk-status-badge";

export type BulkControlActions = {
  /** `secondFactorCode`: step-up, when the last one asked for it. */
  approve?: (note: string, secondFactorCode?: string) => Promise<ActionResult>;
  reject?: (reason: string) => Promise<ActionResult>;
  pause?: () => Promise<ActionResult>;
  resume?: () => Promise<ActionResult>;
  cancel?: () => Promise<ActionResult>;
  retry?: () => Promise<ActionResult>;
};

/**
 * The buttons a viewer may press on one bulk action in its current state,
 * and no others. The page decides the permissions (which actions it passes);
 * this decides what the state allows. Approve, reject and cancel ask once
 * more, naming the action and the count.
 */
export function BulkActionControls({
  kind,
  total,
  status,
  remaining,
  failed,
  isRequester,
  actions,
  approveSummary,
  requestedViaToken,
  answerFor,
  compact = false,
}: {
  kind: ActionKind;
  total: number;
  /** The status as the viewer sees it (a lapsed request is "expired"). */
  status: BulkStatus;
  remaining: number;
  failed: number;
  isRequester: boolean;
  actions: BulkControlActions;
  /** What the approver is about to start (reason, selection), beside the button: not only further down the page. */
  approveSummary?: ReactNode;
  /** The API token's name, when it was requested with one. */
  requestedViaToken?: string | null;
  /** The state an answer belongs to: "Approved" is dropped once the action shows another state. */
  answerFor?: string;
  compact?: boolean;
}) {
  const phrase = bulkActionPhrase(kind, total);
  const pendingApproval = status === "pending_approval";
  const accounts = `${formatCount(remaining)} ${remaining === 1 ? "account" : "accounts"}`;
  const immediate: ImmediateControl[] = [];
  if (status === "running" && actions.pause) immediate.push({ label: "Pause", action: actions.pause });
  if (status === "paused" && actions.resume) immediate.push({ label: "Resume", action: actions.resume, primary: true });
  if (["running", "paused", "completed"].includes(status) && failed > 0 && actions.retry)
    immediate.push({ label: `Retry ${formatCount(failed)} failed`, action: actions.retry });
  const canCancel = ["running", "paused", "pending_approval"].includes(status) && actions.cancel;

  return (
    <FourEyesControls
      label="Bulk action controls"
      pendingApproval={pendingApproval}
      isRequester={isRequester}
      compact={compact}
      answerFor={answerFor}
      approve={
        actions.approve && {
          action: actions.approve,
          consequence: (
            <>
              Approving starts the <strong>{phrase}</strong> at once.
            </>
          ),
          summary: approveSummary,
          requestedViaToken,
          confirm: `Approve ${phrase}`,
        }
      }
      reject={actions.reject && { action: actions.reject, confirm: `Reject ${phrase}` }}
      immediate={immediate}
      cancel={
        canCancel
          ? {
              action: canCancel,
              open: pendingApproval ? "Withdraw request…" : "Cancel…",
              explain: pendingApproval
                ? `Withdraw the request: nothing has been done, and the ${phrase} will not run.`
                : `Cancel the ${accounts} not yet started. Accounts already done stay done; nothing is half-done.`,
              confirm: pendingApproval ? `Withdraw ${phrase}` : `Cancel the remaining ${accounts}`,
              busy: "Cancelling…",
              keep: pendingApproval ? "Keep the request" : "Keep running",
            }
          : undefined
      }
    />
  );
}
