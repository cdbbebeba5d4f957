"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import { inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import type { NoticeStatus } from "./notice-status";

export type NoticeControlActions = {
  approve?: (note: string) => Promise<ActionResult>;
  reject?: (reason: string) => Promise<ActionResult>;
  cancel?: () => Promise<ActionResult>;
  resolveInDoubt?: (resolution: "sent" | "resend") => Promise<ActionResult>;
};

const dangerButton =
  "rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:opacity-60";

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
  const id = useId();
  const [mode, setMode] = useState<"approve" | "reject" | "cancel" | "doubt" | null>(null);
  const [text, setText] = useState("");
  // The answer to the last button, shown while the campaign is still in the state it was pressed in
  // (once the page follows the new state, the progress bar says what happened).
  const [result, setResult] = useState<{ outcome: ActionResult; status: NoticeStatus } | null>(null);
  const [pending, startTransition] = useTransition();
  const customers = `${formatCount(total)} customer${total === 1 ? "" : "s"}`;
  const pendingApproval = status === "pending_approval";
  const canApprove = pendingApproval && !isRequester && actions.approve;
  const canReject = pendingApproval && !isRequester && actions.reject;
  const canCancel = (status === "running" || pendingApproval) && actions.cancel;
  const awaitingOther = pendingApproval && isRequester;
  const canResolve = inDoubt > 0 && (status === "running" || status === "completed") && actions.resolveInDoubt;

  const run = (call: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const outcome = await call();
      setResult({ outcome, status });
      if (outcome.ok) {
        setMode(null);
        setText("");
      }
    });
  const open = (next: typeof mode) => {
    setMode(next);
    setText("");
    setResult(null);
  };

  const shown = result && result.status === status ? result.outcome : null;
  if (!canApprove && !canReject && !canCancel && !canResolve && !awaitingOther && !shown) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Campaign controls">
        {awaitingOther ? <span className="text-sm text-amber-800">Awaiting approval by another person</span> : null}
        {canApprove ? (
          <button type="button" className={primaryButton} aria-expanded={mode === "approve"} onClick={() => open(mode === "approve" ? null : "approve")}>
            Approve…
          </button>
        ) : null}
        {canReject ? (
          <button type="button" className={secondaryButton} aria-expanded={mode === "reject"} onClick={() => open(mode === "reject" ? null : "reject")}>
            Reject…
          </button>
        ) : null}
        {canResolve ? (
          <button type="button" className={secondaryButton} aria-expanded={mode === "doubt"} onClick={() => open(mode === "doubt" ? null : "doubt")}>
            Resolve {formatCount(inDoubt)} in doubt…
          </button>
        ) : null}
        {canCancel ? (
          <button type="button" className={`${secondaryButton} text-red-700`} aria-expanded={mode === "cancel"} onClick={() => open(mode === "cancel" ? null : "cancel")}>
            {pendingApproval ? "Withdraw request…" : "Stop sending…"}
          </button>
        ) : null}
      </div>
      {mode === "approve" && actions.approve ? (
        <div className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm">
          <p className="text-slate-800">
            Approving sends the notice to <strong>{customers}</strong> at once, one message each.
          </p>
          <label htmlFor={`${id}-note`} className="block text-xs font-medium text-slate-700">
            Note (optional)
          </label>
          <input id={`${id}-note`} className={inputClass} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} />
          <div className="flex flex-wrap gap-2">
            <button type="button" className={primaryButton} disabled={pending} onClick={() => run(() => actions.approve!(text))}>
              {pending ? "Approving…" : `Approve sending to ${customers}`}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </div>
      ) : null}
      {mode === "reject" && actions.reject ? (
        <form
          className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => actions.reject!(text));
          }}
        >
          <label htmlFor={`${id}-reason`} className="block text-xs font-medium text-slate-700">
            Why is it rejected? (required)
          </label>
          <input id={`${id}-reason`} className={inputClass} value={text} required minLength={3} maxLength={1000} onChange={(e) => setText(e.target.value)} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={dangerButton} disabled={pending || text.trim().length < 3}>
              {pending ? "Rejecting…" : "Reject this notice"}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </form>
      ) : null}
      {mode === "doubt" && actions.resolveInDoubt ? (
        <div className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm text-slate-800">
          <p>
            Look up the Message-IDs of the {formatCount(inDoubt)} messages in doubt (filter &ldquo;In doubt&rdquo; below) in the relay&apos;s
            log. Found: record them as sent. Not found: send them again (a customer whose message did reach the relay would get two).
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={primaryButton} disabled={pending} onClick={() => run(() => actions.resolveInDoubt!("sent"))}>
              Found in the relay&apos;s log: record as sent
            </button>
            <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => actions.resolveInDoubt!("resend"))}>
              Not in the log: send again
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </div>
      ) : null}
      {mode === "cancel" && actions.cancel ? (
        <div className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p>
            {pendingApproval
              ? "Withdraw the request: nothing has been sent, and nothing will be."
              : "Stop sending: messages not yet handed to the relay are cancelled; those already sent stay sent."}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={dangerButton} disabled={pending} onClick={() => run(actions.cancel!)}>
              {pending ? "Stopping…" : pendingApproval ? "Withdraw request" : "Stop sending"}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </div>
      ) : null}
      {shown ? (
        <p role="status" aria-live="polite" className={`text-sm ${shown.ok ? "text-emerald-700" : "text-red-700"}`}>
          {shown.message}
        </p>
      ) : null}
    </div>
  );
}
