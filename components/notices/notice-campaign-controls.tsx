"use client";

import type { ActionResult } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import { primaryButton, secondaryButton } from "../timeline/form-field";
import { FourEyesControls, type PanelControl } from "../work/four-eyes-controls";
import type { NoticeStatus } from "./notice-status";

export type NoticeControlActions = {
  /** `secondFactorCode`: step-up, when the last one asked for it. */
  approve?: (note: string, secondFactorCode?: string) => Promise<ActionResult>;
  reject?: (reason: string) => Promise<ActionResult>;
  cancel?: () => Promise<ActionResult>;
  resolveInDoubt?: (resolution: "sent" | "resend") => Promise<ActionResult>;
};

/** The buttons the viewer may press on a campaign in its state; approve, reject and cancel ask once more. */
export function NoticeCampaignControls({
  status,
  total,
  inDoubt = 0,
  isRequester,
  actions,
}: {
  status: NoticeStatus;
  total: number;
  /** Messages in doubt: a sender died between handing them over and recording the answer. */
  inDoubt?: number;
  isRequester: boolean;
  actions: NoticeControlActions;
}) {
  const customers = `${formatCount(total)} customer${total === 1 ? "" : "s"}`;
  const pendingApproval = status === "pending_approval";
  const canCancel = (status === "running" || pendingApproval) && actions.cancel;
  const resolve = inDoubt > 0 && (status === "running" || status === "completed") ? actions.resolveInDoubt : undefined;
  const panels: PanelControl[] = resolve
    ? [
        {
          open: `Resolve ${formatCount(inDoubt)} in doubt…`,
          render: ({ run, pending, back }) => (
            <div className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm text-slate-800">
              <p>
                Look up the Message-IDs of the {formatCount(inDoubt)} messages in doubt (filter &ldquo;In doubt&rdquo;
                below) in the relay&apos;s log. Found: record them as sent. Not found: send them again (a customer whose
                message did reach the relay would get two).
              </p>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={primaryButton}
                  disabled={pending}
                  onClick={() => run(() => resolve("sent"))}
                >
                  Found in the relay&apos;s log: record as sent
                </button>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={pending}
                  onClick={() => run(() => resolve("resend"))}
                >
                  Not in the log: send again
                </button>
                <button type="button" className={secondaryButton} onClick={back}>
                  Back
                </button>
              </div>
            </div>
          ),
        },
      ]
    : [];

  return (
    <FourEyesControls
      label="Campaign controls"
      pendingApproval={pendingApproval}
      isRequester={isRequester}
      // The answer to the last button shows while the campaign is still in the state it was pressed
      // in (once the page follows the new state, the progress bar says what happened).
      answerFor={status}
      approve={
        actions.approve && {
          action: actions.approve,
          consequence: (
            <>
              Approving sends the notice to <strong>{customers}</strong> at once, one message each.
            </>
          ),
          confirm: `Approve sending to ${customers}`,
        }
      }
      reject={actions.reject && { action: actions.reject, confirm: "Reject this notice" }}
      panels={panels}
      cancel={
        canCancel
          ? {
              action: canCancel,
              open: pendingApproval ? "Withdraw request…" : "Stop sending…",
              explain: pendingApproval
                ? "Withdraw the request: nothing has been sent, and nothing will be."
                : "Stop sending: messages not yet handed to the relay are cancelled; those already sent stay sent.",
              confirm: pendingApproval ? "Withdraw request" : "Stop sending",
              busy: "Stopping…",
              keep: "Back",
            }
          : undefined
      }
    />
  );
}
